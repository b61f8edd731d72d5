package org.gridfaas.containers.task;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
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
import org.gridfaas.containers.runtime.ProcessTrees;

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
		// The container was adopted, not restarted: one instance, ended once when idle.
		ContainerManagerHarness.await("the container's idle stop", Duration.ofSeconds(20),
				() -> finalReadings("slow").size() == 1);
		JsonNode usage = harness.read(harness.send("GET", "/api/v1/usage?after=0", ADMIN_TOKEN, null, null));
		java.util.Set<String> instances = new java.util.HashSet<>();
		usage.get("records").forEach((record) -> {
			if (record.get("container").asString().equals("slow")) {
				instances.add(record.get("instance").asString());
			}
		});
		assertThat(instances).as(usage.toString()).hasSize(1);
	}

	private static List<JsonNode> finalReadings(String container) {
		try {
			List<JsonNode> last = new ArrayList<>();
			harness.read(harness.send("GET", "/api/v1/usage?after=0", ADMIN_TOKEN, null, null))
				.get("records")
				.forEach((record) -> {
					if (record.get("last").asBoolean() && record.get("container").asString().equals(container)) {
						last.add(record);
					}
				});
			return last;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
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
		// A task is filed to output/ a moment before its copy in processing/ goes.
		ContainerManagerHarness.await("every task in output/ and none in processing/", Duration.ofSeconds(60),
				() -> keys("steady", "output/").size() == tasks.size() && keys("steady", "processing/").isEmpty());
		assertThat(keys("steady", "output/"))
			.containsExactlyInAnyOrderElementsOf(tasks.stream().map((task) -> "output/" + task).toList());
		assertThat(keys("steady", "input/")).isEmpty();
		assertThat(keys("steady", "processing/")).isEmpty();
		assertThat(keys("steady", "failed/")).isEmpty();
	}

	@Test
	void aRestrictedContainerIsAdoptedAfterAKillStillPinnedAtItsFloorAndItsOrphanedTaskKilled() throws Exception {
		startService();
		// Busy: unrestricted, the scaler would raise its limit within a window or two.
		harness.publish("pinned", "timeout 120 sh -c 'while :; do :; done'",
				"{\"cpuMax\": 200, \"cpuMin\": 0, \"cpuBoundary\": 25, \"idleTimeoutSeconds\": 60}");
		submit("pinned", "p.txt");
		harness.awaitTask("pinned", "p.txt", "RUNNING", Duration.ofSeconds(20));
		assertThat(harness.send("PUT", "/api/v1/containers/pinned/restriction", ADMIN_TOKEN, null, null).statusCode())
			.isEqualTo(200);
		JsonNode before = container("pinned");
		ContainerManagerHarness.await("the task's processes in the container", Duration.ofSeconds(10),
				() -> !pids("pinned").isEmpty());
		List<Long> orphans = pids("pinned");

		killService();
		startService();

		JsonNode after = container("pinned");
		assertThat(after.get("instance").asString()).as("the same container, adopted")
			.isEqualTo(before.get("instance").asString());
		assertThat(after.get("restricted").asBoolean()).isTrue();
		for (long orphan : orphans) {
			assertThat(ProcessHandle.of(orphan).filter(ProcessTrees::running))
				.as("process %d of the killed run's task", orphan)
				.isEmpty();
		}
		// Recovery may still be under way when the service answers health checks.
		ContainerManagerHarness.await("the task running again", Duration.ofSeconds(20), () -> {
			try {
				JsonNode task = harness.task("pinned", "p.txt");
				return task != null && "RUNNING".equals(task.get("state").asString())
						&& task.get("attempts").asInt() == 2;
			}
			catch (Exception ex) {
				return false;
			}
		});
		assertThat(harness.task("pinned", "p.txt").get("failures").asInt()).isZero();
		// Several scaling windows (1 s here) with the busy task at the floor.
		Thread.sleep(4000);
		assertThat(quota("pinned")).as("still pinned at the floor, 50 shares").isEqualTo(50_000);

		assertThat(
				harness.send("DELETE", "/api/v1/containers/pinned/restriction", ADMIN_TOKEN, null, null).statusCode())
			.isEqualTo(200);
		ContainerManagerHarness.await("scaling to resume above the floor", Duration.ofSeconds(15),
				() -> quota("pinned") > 50_000);
	}

	private static JsonNode container(String name) throws Exception {
		for (JsonNode container : harness.read(harness.send("GET", "/api/v1/containers", ADMIN_TOKEN, null, null))) {
			if (container.get("name").asString().equals(name)) {
				return container;
			}
		}
		throw new AssertionError("No running container " + name);
	}

	private static List<Long> pids(String container) {
		try {
			return Files.readString(Path.of("/sys/fs/cgroup/cpuacct", harness.cgroupParent, container, "cgroup.procs"))
				.lines()
				.map(Long::valueOf)
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static long quota(String container) {
		try {
			return Long.parseLong(
					Files.readString(Path.of("/sys/fs/cgroup/cpu", harness.cgroupParent, container, "cpu.cfs_quota_us"))
						.strip());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void startService() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		harness.port = port;
		this.service = harness.launch(port, java.util.Map.of(), harness.home.resolve("service.log"));
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
