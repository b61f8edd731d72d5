package org.gridfaas.containers.image;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.UploadObjectArgs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.gridfaas.containers.ContainerManagerHarness;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridfaas.containers.ContainerManagerHarness.ALICE_TOKEN;
import static org.gridfaas.containers.ContainerManagerHarness.BOB_TOKEN;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Functions in their own images on the whole service with the local runtime: a SIF made
 * here from Debian's busybox-static as its whole root, uploaded as {@code mc cp} would,
 * and images built from definitions that start from it ({@code Bootstrap: localimage}),
 * so that every build here takes seconds. The debootstrap build is in
 * {@link DebootstrapImageTests}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class FunctionImageTests {

	static final ContainerManagerHarness harness = new ContainerManagerHarness();

	static final MinioClient s3 = harness.s3.client();

	@TempDir
	static Path folder;

	/** Lists the task's root and reads the image's marker. */
	static final String LOOK_AROUND = "ls / > \"$2/root.txt\"; cat /image-marker > \"$2/marker.txt\"";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		harness.creditManager.allow("alice", true);
		harness.register(registry);
		registry.add("gridfaas.images.build-timeout", () -> "10s");
		registry.add("gridfaas.images.max-size", () -> "16MB");
	}

	@LocalServerPort
	void port(int port) {
		harness.port = port;
	}

	@TestConfiguration
	static class Cleanup {

		@Bean
		DisposableBean harnessCleanup() {
			return harness::close;
		}

	}

	@BeforeAll
	static void requireRoot() {
		assumeTrue("root".equals(System.getProperty("user.name")), "images are mounted by a root service only");
	}

	@AfterAll
	static void closeClient() throws Exception {
		s3.close();
	}

	@Test
	void anUploadedSifRunsItsTasksInItsRootNotTheHosts() throws Exception {
		publishBusybox("busybox");
		harness.send("POST", "/api/v1/functions/busybox/tasks?name=look.txt", ALICE_TOKEN, "text/plain", new byte[0]);
		harness.awaitTask("busybox", "look.txt", "SUCCEEDED", Duration.ofSeconds(30));
		assertThat(read("busybox", "results/look.txt/marker.txt")).isEqualTo("inside the busybox image\n");
		// The image has no /usr, /etc or /lib; the host has them all.
		assertThat(read("busybox", "results/look.txt/root.txt").split("\n"))
			.contains("bin", "image-marker", "task", "tmp", "proc")
			.doesNotContain("usr", "etc", "lib");
		JsonNode image = harness.awaitImage("busybox", "ready", Duration.ofSeconds(5));
		assertThat(image.get("source").asString()).isEqualTo("uploaded");
	}

	@Test
	void aBuiltImageAddsWhatItsPostWroteAndIsStoredAsASif() throws Exception {
		publishBusybox("bb-base");
		harness.publishWithDefinition("bb-built",
				"cat /built-marker /image-marker > \"$2/both.txt\"; echo $GREETING" + " > \"$2/env.txt\"", """
						Bootstrap: localimage
						From: bb-base

						%post
						    echo "written by %post as $(id -u)" > /built-marker

						%environment
						    export GREETING=hello
						""");
		JsonNode image = harness.awaitImage("bb-built", "ready", Duration.ofSeconds(30));
		assertThat(image.get("source").asString()).isEqualTo("built");
		assertThat(image.get("buildLog").asString()).isEqualTo("logs/build.txt");
		Path sif = download("bb-built", "utils/bb-built.sif");
		assertThat(TestImages.run(List.of("siftool", "list", sif.toString()))).contains("Def.FILE",
				"FS (Squashfs/*System/amd64)");
		assertThat(SifFile.read(sif).definition().orElseThrow()).contains("From: bb-base");
		harness.send("POST", "/api/v1/functions/bb-built/tasks?name=t.txt", ALICE_TOKEN, "text/plain", new byte[0]);
		harness.awaitTask("bb-built", "t.txt", "SUCCEEDED", Duration.ofSeconds(30));
		assertThat(read("bb-built", "results/t.txt/both.txt"))
			.isEqualTo("written by %post as 0\ninside the busybox image\n");
		HttpResponse<String> log = harness.send("GET", "/api/v1/functions/bb-built/image/log", ALICE_TOKEN, null, null);
		assertThat(log.statusCode()).isEqualTo(200);
		assertThat(log.body()).contains("%post, as root in the sandbox", "built in");
	}

	@Test
	void theCpuOfABuildIsInTheUsageLogUnderAContainerOfItsOwn() throws Exception {
		publishBusybox("bb-meter-base");
		harness.publishWithDefinition("bb-metered", "true", """
				Bootstrap: localimage
				From: bb-meter-base
				%post
				    i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done
				""");
		harness.awaitImage("bb-metered", "ready", Duration.ofSeconds(30));
		JsonNode usage = harness.read(harness.send("GET", "/api/v1/usage?after=0&limit=10000",
				ContainerManagerHarness.ADMIN_TOKEN, null, null));
		List<JsonNode> build = usage.get("records")
			.valueStream()
			.filter((record) -> record.get("container").asString().equals("bb-metered_build"))
			.toList();
		assertThat(build).hasSize(2);
		assertThat(build.get(0).get("user").asString()).isEqualTo("alice");
		assertThat(build.get(1).get("last").asBoolean()).isTrue();
		assertThat(build.get(1).get("cpuSeconds").decimalValue()).isPositive();
	}

	@Test
	void aFailingPostKeepsThePreviousImageAndFailsNoTask() throws Exception {
		publishBusybox("bb-keep-base");
		String definition = "Bootstrap: localimage\nFrom: bb-keep-base\n%post\n    echo one > /version\n";
		harness.publishWithDefinition("bb-keep", "cat /version > \"$2/v.txt\"", definition);
		harness.awaitImage("bb-keep", "ready", Duration.ofSeconds(30));
		HttpResponse<String> changed = harness.json("PUT", "/api/v1/functions/bb-keep", ALICE_TOKEN,
				"{\"definition\": \"Bootstrap: localimage\\nFrom: bb-keep-base\\n%post\\n    echo broken; exit 3\\n\"}");
		assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
		JsonNode failed = harness.awaitImage("bb-keep", "failed", Duration.ofSeconds(30));
		assertThat(failed.get("reason").asString()).isEqualTo("%post failed with exit code 3; see logs/build.txt");
		assertThat(harness.send("GET", "/api/v1/functions/bb-keep/image/log", ALICE_TOKEN, null, null).body())
			.contains("broken", "failed: %post failed with exit code 3");
		harness.send("POST", "/api/v1/functions/bb-keep/tasks?name=after.txt", ALICE_TOKEN, "text/plain", new byte[0]);
		harness.awaitTask("bb-keep", "after.txt", "SUCCEEDED", Duration.ofSeconds(30));
		assertThat(read("bb-keep", "results/after.txt/v.txt")).isEqualTo("one\n");
	}

	@Test
	void tasksWaitWithTheReasonWhileAFunctionHasNoImageYet() throws Exception {
		publishBusybox("bb-never-base");
		harness.publishWithDefinition("bb-never", "true",
				"Bootstrap: localimage\nFrom: bb-never-base\n%post\n    exit 9\n");
		harness.awaitImage("bb-never", "failed", Duration.ofSeconds(30));
		harness.send("POST", "/api/v1/functions/bb-never/tasks?name=waits.txt", ALICE_TOKEN, "text/plain", new byte[0]);
		Thread.sleep(1000);
		JsonNode task = harness.task("bb-never", "waits.txt");
		assertThat(task.get("state").asString()).isEqualTo("PENDING");
		assertThat(task.get("reason").asString())
			.isEqualTo("waiting: the function's image could not be built: %post failed with exit code 9; see"
					+ " logs/build.txt");
	}

	@Test
	void aPostThatOutlivesTheBuildTimeoutIsStopped() throws Exception {
		publishBusybox("bb-slow-base");
		harness.publishWithDefinition("bb-slow", "true",
				"Bootstrap: localimage\nFrom: bb-slow-base\n%post\n    sleep 600\n");
		harness.awaitImage("bb-slow", "building", Duration.ofSeconds(5));
		harness.send("POST", "/api/v1/functions/bb-slow/tasks?name=early.txt", ALICE_TOKEN, "text/plain", new byte[0]);
		JsonNode early = harness.task("bb-slow", "early.txt");
		assertThat(early.get("state").asString()).isEqualTo("PENDING");
		assertThat(early.get("reason").asString()).isEqualTo("waiting: the function's image is being built");
		JsonNode failed = harness.awaitImage("bb-slow", "failed", Duration.ofSeconds(30));
		assertThat(failed.get("reason").asString())
			.isEqualTo("the build outlived its timeout during %post and was stopped");
	}

	@Test
	void anImageThatGrowsPastTheSizeLimitFails() throws Exception {
		publishBusybox("bb-big-base");
		harness.publishWithDefinition("bb-big", "true",
				"Bootstrap: localimage\nFrom: bb-big-base\n%post\n    dd if=/dev/zero of=/big bs=1M count=32\n");
		JsonNode failed = harness.awaitImage("bb-big", "failed", Duration.ofSeconds(30));
		assertThat(failed.get("reason").asString()).startsWith("the image grew past its size limit of 16 MB");
	}

	@Test
	void anUploadThatIsNotASifIsRefusedAndThePreviousImageRuns() throws Exception {
		publishBusybox("bb-swap");
		run("bb-swap", "first.txt");
		Path fake = Files.writeString(folder.resolve("fake.sif"), "not an image at all\n".repeat(50));
		upload("bb-swap", "utils/bb-swap.sif", fake);
		// A changed image applies from the next start: the idle container stops first.
		awaitStopped("bb-swap");
		run("bb-swap", "second.txt");
		assertThat(read("bb-swap", "results/second.txt/marker.txt")).isEqualTo("inside the busybox image\n");
		JsonNode image = harness.awaitImage("bb-swap", "failed", Duration.ofSeconds(5));
		assertThat(image.get("reason").asString())
			.isEqualTo("utils/bb-swap.sif cannot be used: not a SIF file (no SIF_MAGIC at byte 32)");
	}

	@Test
	void anUploadOverTheSizeLimitIsNotFetched() throws Exception {
		harness.publish("bb-huge", "true", "{}");
		Path huge = folder.resolve("huge.sif");
		try (var out = Files.newOutputStream(huge)) {
			out.write(new byte[17 * 1024 * 1024]);
		}
		upload("bb-huge", "utils/bb-huge.sif", huge);
		harness.send("POST", "/api/v1/functions/bb-huge/tasks?name=h.txt", ALICE_TOKEN, "text/plain", new byte[0]);
		JsonNode image = harness.awaitImage("bb-huge", "failed", Duration.ofSeconds(10));
		assertThat(image.get("reason").asString()).isEqualTo(
				"utils/bb-huge.sif cannot be used: utils/bb-huge.sif is 17825792 bytes, over the limit of 16777216");
		JsonNode task = harness.task("bb-huge", "h.txt");
		assertThat(task.get("state").asString()).isEqualTo("PENDING");
		assertThat(task.get("reason").asString()).isEqualTo("waiting: " + image.get("reason").asString());
		assertThat(Files.exists(harness.home.resolve("images/cache/bb-huge"))).isFalse();
	}

	@Test
	void aDefinitionFromAnotherUsersImageIsRefusedWithTheLine() throws Exception {
		publishBusybox("alices-base");
		HttpResponse<String> refused = harness.json("POST", "/api/v1/functions", BOB_TOKEN,
				"{\"name\": \"bobs-copy\", \"script\": \"true\", \"definition\": \"Bootstrap: localimage\\nFrom:"
						+ " alices-base\\n\"}");
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(harness.read(refused).get("detail").asString())
			.isEqualTo("definition, line 2: From: alices-base is not a function of bob with an image");
		HttpResponse<String> docker = harness.json("POST", "/api/v1/functions", ALICE_TOKEN,
				"{\"name\": \"from-docker\", \"script\": \"true\", \"definition\": \"Bootstrap: docker\\nFrom: debian\\n\"}");
		assertThat(docker.statusCode()).isEqualTo(400);
		assertThat(harness.read(docker).get("detail").asString()).startsWith("definition, line 1: Bootstrap: docker");
		assertThat(harness.send("GET", "/api/v1/functions/from-docker", ALICE_TOKEN, null, null).statusCode())
			.isEqualTo(404);
	}

	private void publishBusybox(String function) throws Exception {
		harness.publish(function, LOOK_AROUND, "{}");
		upload(function, "utils/" + function + ".sif", TestImages.busyboxSif(folder, "Bootstrap: scratch\n"));
	}

	private void run(String function, String task) throws Exception {
		harness.send("POST", "/api/v1/functions/" + function + "/tasks?name=" + task, ALICE_TOKEN, "text/plain",
				new byte[0]);
		harness.awaitTask(function, task, "SUCCEEDED", Duration.ofSeconds(30));
	}

	private static void awaitStopped(String function) throws Exception {
		ContainerManagerHarness.await(function + "'s container to stop", Duration.ofSeconds(20), () -> harness
			.read(unchecked(
					() -> harness.send("GET", "/api/v1/containers", ContainerManagerHarness.ADMIN_TOKEN, null, null)))
			.valueStream()
			.noneMatch((container) -> container.get("function").asString().equals(function)));
	}

	private static <T> T unchecked(java.util.concurrent.Callable<T> call) {
		try {
			return call.call();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static void upload(String bucket, String key, Path file) throws Exception {
		s3.uploadObject(UploadObjectArgs.builder().bucket(bucket).object(key).filename(file.toString()).build());
	}

	static Path download(String bucket, String key) throws Exception {
		return download(s3, folder, bucket, key);
	}

	static Path download(MinioClient s3, Path folder, String bucket, String key) throws Exception {
		Path file = Files.createTempFile(folder, "download-", ".bin");
		try (var in = s3.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
			Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		}
		return file;
	}

	static String read(String bucket, String key) throws Exception {
		return read(s3, folder, bucket, key);
	}

	static String read(MinioClient s3, Path folder, String bucket, String key) throws Exception {
		return Files.readString(download(s3, folder, bucket, key), StandardCharsets.UTF_8);
	}

}
