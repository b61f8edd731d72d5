package org.gridfaas.containers.task;

import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.gridfaas.containers.ContainerManagerHarness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridfaas.containers.ContainerManagerHarness.ADMIN_TOKEN;
import static org.gridfaas.containers.ContainerManagerHarness.ALICE_TOKEN;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * ContainerManager killed with SIGKILL while tasks run, as its own process, then started
 * again on the same state: no task is lost, none stays stuck, and what was running runs
 * again without counting as a failure.
 */
class CrashRecoveryTests {

	static ContainerManagerHarness harness;

	static MinioClient s3;

	Process service;

	@BeforeAll
	static void start() {
		assumeTrue("root".equals(System.getProperty("user.name")), "the local runtime needs root for cgroups here");
		harness = new ContainerManagerHarness();
		harness.creditManager.allow("alice", true);
		s3 = harness.s3.client();
	}

	@AfterEach
	void stopService() throws Exception {
		if (this.service != null) {
			this.service.destroy();
			this.service.waitFor();
		}
	}

	@AfterAll
	static void stop() throws Exception {
		if (harness != null) {
			s3.close();
			harness.close();
		}
	}

	@Test
	void aTaskRunningWhenTheServiceIsKilledRunsAgainAfterARestart() throws Exception {
		startService();
		harness.publish("slow", "sleep 2; echo finished > \"$2/r.txt\"", "{}");
		submit("slow", "s1.txt");
		harness.awaitTask("slow", "s1.txt", "RUNNING", Duration.ofSeconds(20));
		killService();
		startService();
		JsonNode done = harness.awaitTask("slow", "s1.txt", "SUCCEEDED", Duration.ofSeconds(30));
		assertThat(done.get("attempts").asInt()).isEqualTo(2);
		assertThat(done.get("failures").asInt()).isZero();
		JsonNode usage = harness.read(harness.send("GET", "/api/v1/usage?after=0", ADMIN_TOKEN, null, null));
		long finalReadings = 0;
		for (JsonNode record : usage.get("records")) {
			if (record.get("last").asBoolean()) {
				finalReadings++;
			}
		}
		assertThat(finalReadings).as("the killed run's container is stopped and its final reading kept: " + usage)
			.isGreaterThanOrEqualTo(1);
	}

	@Test
	void killsAtRandomMomentsLoseNoTaskAndLeaveNoneStuck() throws Exception {
		startService();
		harness.publish("steady", "sleep 0.2; echo ok > \"$2/ok.txt\"", "{\"maxConcurrentTasks\": 2}");
		List<String> tasks = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			String task = String.format("%03d.txt", i);
			submit("steady", task);
			tasks.add(task);
		}
		Random random = new Random(42);
		for (int kill = 0; kill < 3; kill++) {
			Thread.sleep(200 + random.nextInt(800));
			killService();
			startService();
		}
		ContainerManagerHarness.await("every task in output/", Duration.ofSeconds(60),
				() -> keys("steady", "output/").size() == tasks.size());
		assertThat(keys("steady", "output/"))
			.containsExactlyInAnyOrderElementsOf(tasks.stream().map((task) -> "output/" + task).toList());
		assertThat(keys("steady", "input/")).isEmpty();
		assertThat(keys("steady", "processing/")).isEmpty();
		assertThat(keys("steady", "failed/")).isEmpty();
	}

	private void startService() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		harness.port = port;
		String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp",
						classpath, "org.gridfaas.containers.ContainerManagerApplication", "--server.port=" + port));
		java.util.Map<String, String> properties = new java.util.LinkedHashMap<>();
		harness.register(new org.springframework.test.context.DynamicPropertyRegistry() {
			@Override
			public void add(String name, java.util.function.Supplier<Object> value) {
				properties.put(name, String.valueOf(value.get()));
			}
		});
		properties.forEach((name, value) -> command.add("--" + name + "=" + value));
		File log = harness.home.resolve("service.log").toFile();
		this.service = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log))
			.start();
		ContainerManagerHarness.await("the service to be healthy", Duration.ofSeconds(60), () -> {
			try {
				return harness.send("GET", "/actuator/health", null, null, null).statusCode() == 200;
			}
			catch (Exception ex) {
				return false;
			}
		});
	}

	private void killService() throws Exception {
		// destroyForcibly is SIGKILL on Linux: no shutdown hook, no cleanup.
		this.service.destroyForcibly();
		this.service.waitFor();
		this.service = null;
	}

	private static void submit(String function, String task) throws Exception {
		assertThat(harness
			.send("POST", "/api/v1/functions/" + function + "/tasks?name=" + task, ALICE_TOKEN, "text/plain",
					new byte[0])
			.statusCode()).isEqualTo(201);
	}

	private static List<String> keys(String bucket, String prefix) {
		List<String> keys = new ArrayList<>();
		for (Result<Item> result : s3
			.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
			try {
				keys.add(result.get().objectName());
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}
		return keys;
	}

}
