package org.gridfaas.containers.runtime.apptainer;

import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.minio.MinioClient;
import io.minio.UploadObjectArgs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.gridfaas.containers.ContainerManagerHarness;
import org.gridfaas.containers.image.SifFile;
import org.gridfaas.containers.image.TestImages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridfaas.containers.ContainerManagerHarness.ALICE_TOKEN;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Apptainer path through the whole of ContainerManager, run as its own process with
 * {@code gridfaas.runtime.kind=apptainer}: a function published with a SIF and one built
 * from a definition, each image fetched to the node and handed to
 * {@code apptainer instance start}, tasks through {@code apptainer exec}, the idle stop,
 * and an instance adopted after the service is killed with {@code kill -9}. The
 * {@code apptainer} on its PATH is a stand-in (Apptainer cannot be installed here) that
 * accepts exactly the command lines of a real one, refuses an image {@code siftool} does
 * not recognise, and answers in Apptainer's format; every call it refused is a failure
 * here.
 */
class ApptainerPathTests {

	static final ContainerManagerHarness harness = new ContainerManagerHarness();

	static final MinioClient s3 = harness.s3.client();

	static Path standin;

	static Path calls;

	static int port;

	static Process service;

	@BeforeAll
	static void launchWithTheStandIn() throws Exception {
		assumeTrue("root".equals(System.getProperty("user.name")), "tenant identities need root");
		harness.creditManager.allow("alice", true);
		standin = Files.createTempDirectory("gridfaas-apptainer-");
		Files.setPosixFilePermissions(standin, PosixFilePermissions.fromString("rwxrwxrwx"));
		Path program = standin.resolve("apptainer");
		try (InputStream script = ApptainerPathTests.class.getResourceAsStream("/apptainer/apptainer")) {
			Files.copy(script, program);
		}
		Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
		calls = standin.resolve("calls.log");
		Files.createFile(calls);
		Files.setPosixFilePermissions(calls, PosixFilePermissions.fromString("rw-rw-rw-"));
		port = freePort();
		harness.port = port;
		service = launch();
	}

	@AfterAll
	static void stop() throws Exception {
		if (service != null) {
			service.destroy();
			service.waitFor();
		}
		s3.close();
		harness.close();
	}

	@Test
	void aFunctionWithAnUploadedSifRunsInAnApptainerInstanceOfTheFetchedImage() throws Exception {
		harness.publish("app-sif", "echo \"ran as $(id -u) in $PWD\" > \"$2/where.txt\"", "{}");
		upload("app-sif", TestImages.busyboxSif(standin, "Bootstrap: scratch\n"));
		submit("app-sif", "one.txt");
		harness.awaitTask("app-sif", "one.txt", "SUCCEEDED", Duration.ofSeconds(30));

		String start = only(callsWith(":: instance start"), "app-sif");
		Path image = Path.of(start.substring(start.lastIndexOf(" /") + 1, start.lastIndexOf(' ')));
		assertThat(image).startsWith(harness.home.toAbsolutePath().resolve("images/cache/app-sif"));
		SifFile.read(image);
		assertThat(start).doesNotStartWith("uid=0 ")
			.contains("--bind " + harness.home.toAbsolutePath()
				.resolve("work/app-sif/tasks:" + harness.home.toAbsolutePath().resolve("work/app-sif/tasks")));
		assertThat(only(callsWith(":: exec --cleanenv"), "app-sif")).contains("instance://gridfaas.app-sif bash ");
		ContainerManagerHarness.await("the idle instance to stop", Duration.ofSeconds(20),
				() -> !callsWith(":: instance stop gridfaas.app-sif").isEmpty());
		// instance list is asked once, to learn a new instance's PID; never per round.
		assertThat(only(callsWith(":: instance list --json"), "app-sif", false)).isNotNull();
		assertNoViolations();
	}

	@Test
	void aFunctionBuiltFromADefinitionRunsInAnInstanceOfTheBuiltImage() throws Exception {
		harness.publish("app-base", "true", "{}");
		upload("app-base", TestImages.busyboxSif(standin, "Bootstrap: scratch\n"));
		harness.publishWithDefinition("app-built", "cat \"$1\" > \"$2/copy.txt\"",
				"Bootstrap: localimage\nFrom: app-base\n%post\n    echo built > /built\n");
		harness.awaitImage("app-built", "ready", Duration.ofSeconds(60));
		// Built by apptainer build, as the tenant, from the definition with From: at the
		// base image this node fetched.
		String build = callsWith(":: build --fakeroot --force").get(0);
		assertThat(build).doesNotStartWith("uid=0 ");
		Path built = Files.createTempFile(standin, "built-", ".sif");
		try (var in = s3
			.getObject(io.minio.GetObjectArgs.builder().bucket("app-built").object("utils/app-built.sif").build())) {
			Files.copy(in, built, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		}
		assertThat(SifFile.read(built).definition().orElseThrow())
			.contains("From: " + harness.home.toAbsolutePath().resolve("images/cache/app-base"), "echo built > /built");
		submit("app-built", "b.txt");
		harness.awaitTask("app-built", "b.txt", "SUCCEEDED", Duration.ofSeconds(30));
		String start = only(callsWith(":: instance start"), "app-built");
		assertThat(start).contains(harness.home.toAbsolutePath().resolve("images/cache/app-built").toString());
		assertNoViolations();
	}

	@Test
	void aFailedApptainerBuildIsReportedWithItsLog() throws Exception {
		harness.publish("app-fail-base", "true", "{}");
		upload("app-fail-base", TestImages.busyboxSif(standin, "Bootstrap: scratch\n"));
		harness.publishWithDefinition("app-fails", "true",
				"Bootstrap: localimage\nFrom: app-fail-base\n%post\n    exit 3\n");
		JsonNode failed = harness.awaitImage("app-fails", "failed", Duration.ofSeconds(60));
		assertThat(failed.get("reason").asString())
			.isEqualTo("apptainer build failed with exit code 255; see logs/build.txt");
		assertThat(harness.send("GET", "/api/v1/functions/app-fails/image/log", ALICE_TOKEN, null, null).body())
			.contains("While performing build: while running engine: exit status 3");
		assertNoViolations();
	}

	@Test
	void anInstanceIsAdoptedAfterTheServiceIsKilledAndItsTaskRunsAgain() throws Exception {
		harness.publish("app-adopt", "sleep \"$(cat \"$1\")\"; echo done > \"$2/done.txt\"", "{\"maxAttempts\": 1}");
		upload("app-adopt", TestImages.busyboxSif(standin, "Bootstrap: scratch\n"));
		harness.send("POST", "/api/v1/functions/app-adopt/tasks?name=slow.txt", ALICE_TOKEN, "text/plain",
				"3".getBytes());
		harness.awaitTask("app-adopt", "slow.txt", "RUNNING", Duration.ofSeconds(30));
		service.destroyForcibly().waitFor();
		service = launch();
		JsonNode done = harness.awaitTask("app-adopt", "slow.txt", "SUCCEEDED", Duration.ofSeconds(60));
		// The killed attempt does not count: output is only trusted from a watched end.
		assertThat(done.get("failures").asInt()).isZero();
		assertThat(callsWith(":: instance start").stream().filter((call) -> call.contains("gridfaas.app-adopt")))
			.as("the instance is adopted, not started again")
			.hasSize(1);
		assertThat(Files.readString(harness.home.resolve("service.log"))).contains("Adopted container app-adopt");
		assertNoViolations();
	}

	private static Process launch() throws Exception {
		return harness.launch(port, Map.of("gridfaas.runtime.kind", "apptainer"), harness.home.resolve("service.log"),
				Map.of("PATH", standin + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
	}

	private static void submit(String function, String task) throws Exception {
		harness.send("POST", "/api/v1/functions/" + function + "/tasks?name=" + task, ALICE_TOKEN, "text/plain",
				new byte[0]);
	}

	private static void upload(String function, Path sif) throws Exception {
		s3.uploadObject(UploadObjectArgs.builder()
			.bucket(function)
			.object("utils/" + function + ".sif")
			.filename(sif.toString())
			.build());
	}

	private static List<String> callsWith(String part) {
		try {
			return Files.readAllLines(calls).stream().filter((line) -> line.contains(part)).toList();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static String only(List<String> lines, String function) {
		return only(lines, function, true);
	}

	/**
	 * The one call of a kind for the function's container, by its instance name or its
	 * folder.
	 */
	private static String only(List<String> lines, String function, boolean byInstance) {
		String mark = byInstance ? "gridfaas." + function : "/work/" + function + "/";
		List<String> matching = lines.stream().filter((line) -> line.contains(mark)).toList();
		assertThat(matching).hasSize(1);
		return matching.get(0);
	}

	private static void assertNoViolations() throws Exception {
		Path violations = standin.resolve("violations.log");
		assertThat(Files.exists(violations) ? Files.readString(violations) : "").isEmpty();
	}

	private static int freePort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
