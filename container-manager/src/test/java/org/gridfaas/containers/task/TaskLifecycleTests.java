package org.gridfaas.containers.task;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
import static org.gridfaas.containers.ContainerManagerHarness.ADMIN_TOKEN;
import static org.gridfaas.containers.ContainerManagerHarness.ALICE_TOKEN;
import static org.gridfaas.containers.ContainerManagerHarness.BOB_TOKEN;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tasks from submission to their outcome, on the whole service: the real local runtime
 * (cgroups, namespaces), a real S3 server, and a test server for CreditManager's
 * contract.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class TaskLifecycleTests {

	static final Path STRESS_SCRIPT = Path.of("../functions/stress/process_task.sh");

	static final ContainerManagerHarness harness = new ContainerManagerHarness();

	static final MinioClient s3 = harness.s3.client();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		harness.creditManager.allow("alice", true);
		harness.register(registry);
	}

	@LocalServerPort
	void port(int port) {
		harness.port = port;
	}

	/**
	 * Closes the harness when the context closes, after the service stopped its
	 * containers.
	 */
	@TestConfiguration
	static class Cleanup {

		@Bean
		DisposableBean harnessCleanup() {
			return harness::close;
		}

	}

	@BeforeAll
	static void requireRoot() {
		assumeTrue("root".equals(System.getProperty("user.name")), "the local runtime needs root for cgroups here");
	}

	@AfterAll
	static void closeClient() throws Exception {
		s3.close();
	}

	@Test
	void aStressTaskRunsFromInputToOutputWithItsResultsAndLog() throws Exception {
		harness.publish("stress", Files.readString(STRESS_SCRIPT), "{}");
		HttpResponse<String> submitted = harness.send("POST", "/api/v1/functions/stress/tasks?name=101.1-1.txt",
				ALICE_TOKEN, "text/plain", new byte[0]);
		assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
		JsonNode done = harness.awaitTask("stress", "101.1-1.txt", "SUCCEEDED", Duration.ofSeconds(20));
		assertThat(done.get("attempts").asInt()).isEqualTo(1);
		assertThat(done.get("exitCode").asInt()).isZero();
		assertThat(done.get("logKey").asString()).isEqualTo("logs/out-task-101.1-1.txt.txt");
		assertThat(done.get("resultKeys").get(0).asString()).isEqualTo("results/101.1-1.txt/result.txt");
		assertThat(read("stress", "results/101.1-1.txt/result.txt")).contains("cores=1 seconds=1");
		assertThat(read("stress", "logs/out-task-101.1-1.txt.txt")).contains("stressing 1 core(s) for 1 s", "done");
		assertThat(exists("stress", "output/101.1-1.txt")).isTrue();
		assertThat(exists("stress", "processing/101.1-1.txt")).isFalse();
	}

	@Test
	void aFailingTaskIsRetriedThenDeadLetteredWithItsErrorLog() throws Exception {
		harness.publish("always-fails", "echo about to fail; exit 7", "{\"maxAttempts\": 2}");
		submit("always-fails", "t1.txt");
		JsonNode failed = harness.awaitTask("always-fails", "t1.txt", "FAILED", Duration.ofSeconds(20));
		assertThat(failed.get("attempts").asInt()).isEqualTo(2);
		assertThat(failed.get("failures").asInt()).isEqualTo(2);
		assertThat(failed.get("exitCode").asInt()).isEqualTo(7);
		assertThat(failed.get("reason").asString()).isEqualTo("exited with code 7");
		assertThat(read("always-fails", "logs/out-task-t1.txt.txt.error")).contains("about to fail",
				"exited with code 7");
		assertThat(exists("always-fails", "failed/t1.txt")).isTrue();
		assertThat(exists("always-fails", "input/t1.txt")).isFalse();
	}

	@Test
	void aTaskOverItsTimeoutIsKilledAndCountsAsFailed() throws Exception {
		harness.publish("too-slow", "sleep 60", "{\"maxAttempts\": 1, \"taskTimeoutSeconds\": 1}");
		submit("too-slow", "slow.txt");
		JsonNode failed = harness.awaitTask("too-slow", "slow.txt", "FAILED", Duration.ofSeconds(20));
		assertThat(failed.get("reason").asString()).isEqualTo("killed after its timeout of 1 s");
	}

	@Test
	void aBrokenScriptFailsTheTaskWithAClearLogNotTheService() throws Exception {
		harness.publish("broken", "if then fi (", "{\"maxAttempts\": 1}");
		submit("broken", "b.txt");
		harness.awaitTask("broken", "b.txt", "FAILED", Duration.ofSeconds(20));
		assertThat(read("broken", "logs/out-task-b.txt.txt.error")).contains("syntax error");
		assertThat(harness.send("GET", "/actuator/health", null, null, null).statusCode()).isEqualTo(200);
	}

	@Test
	void aTaskDroppedUnderInputByHandRunsToo() throws Exception {
		harness.publish("by-hand", "cat \"$1\" > \"$2/copy.txt\"", "{}");
		put("by-hand", "input/hand.txt", "dropped with mc cp");
		harness.awaitTask("by-hand", "hand.txt", "SUCCEEDED", Duration.ofSeconds(20));
		assertThat(read("by-hand", "results/hand.txt/copy.txt")).isEqualTo("dropped with mc cp");
	}

	@Test
	void tasksWithUnsafeNamesOrOverTheSizeLimitAreDeadLetteredWithAReason() throws Exception {
		harness.publish("guarded", "touch \"$2/ran\"", "{}");
		put("guarded", "input/sub/escape.txt", "nested");
		put("guarded", "input/.hidden", "dot");
		put("guarded", "input/big.txt", "x".repeat(2048));
		ContainerManagerHarness.await("all three dead-lettered", Duration.ofSeconds(20),
				() -> exists("guarded", "failed/sub/escape.txt") && exists("guarded", "failed/.hidden")
						&& exists("guarded", "failed/big.txt"));
		assertThat(read("guarded", "logs/out-task-sub_escape.txt.txt.error")).contains("unsafe task name");
		assertThat(read("guarded", "logs/out-task-big.txt.txt.error")).contains("over the limit");
		assertThat(Files.exists(harness.home.resolve("work/sub"))).isFalse();
	}

	@Test
	void symbolicLinksLeftByATaskAreNeverFollowed() throws Exception {
		harness.publish("linker", "ln -s /etc/passwd \"$2/passwd\"; echo ok > \"$2/ok.txt\"", "{}");
		submit("linker", "l.txt");
		JsonNode done = harness.awaitTask("linker", "l.txt", "SUCCEEDED", Duration.ofSeconds(20));
		assertThat(done.get("resultKeys").toString()).contains("ok.txt").doesNotContain("passwd");
		assertThat(read("linker", "logs/out-task-l.txt.txt")).contains("not filed");
	}

	@Test
	void nothingStartsWhileTheOwnerMayNotStartWorkAndItRunsOnceAllowed() throws Exception {
		harness.creditManager.allow("bob", false);
		publishFor("gated", "bob", "true");
		submit("gated", "g.txt", BOB_TOKEN);
		Thread.sleep(1000);
		assertThat(harness.task("gated", "g.txt").get("state").asString()).isEqualTo("PENDING");
		assertThat(containers()).doesNotContain("\"gated\"");
		harness.creditManager.allow("bob", true);
		harness.awaitTask("gated", "g.txt", "SUCCEEDED", Duration.ofSeconds(20));
	}

	@Test
	void nothingNewStartsWhileCreditManagerIsDown() throws Exception {
		harness.publish("during-outage", "true", "{}");
		harness.creditManager.setDown(true);
		try {
			submit("during-outage", "o.txt");
			Thread.sleep(1000);
			assertThat(harness.task("during-outage", "o.txt").get("state").asString()).isEqualTo("PENDING");
		}
		finally {
			harness.creditManager.setDown(false);
		}
		harness.awaitTask("during-outage", "o.txt", "SUCCEEDED", Duration.ofSeconds(20));
	}

	@Test
	void anIdleContainerIsStoppedAndItsFinalReadingIsKeptForBilling() throws Exception {
		harness.publish("idler", "true", "{\"idleTimeoutSeconds\": 1}");
		submit("idler", "i.txt");
		harness.awaitTask("idler", "i.txt", "SUCCEEDED", Duration.ofSeconds(20));
		ContainerManagerHarness.await("the idle container to stop", Duration.ofSeconds(10),
				() -> !containers().contains("\"idler\""));
		JsonNode usage = harness.read(harness.send("GET", "/api/v1/usage?after=0", ADMIN_TOKEN, null, null));
		JsonNode finalReading = null;
		for (JsonNode record : usage.get("records")) {
			if (record.get("container").asString().equals("idler") && record.get("last").asBoolean()) {
				finalReading = record;
				assertThat(record.get("user").asString()).isEqualTo("alice");
			}
		}
		assertThat(finalReading).as(usage.toString()).isNotNull();
		JsonNode stopped = stoppedContainer("idler");
		assertThat(stopped.get("reason").asString()).isEqualTo("idle for 1 s");
		assertThat(stopped.get("instance").asString()).isEqualTo(finalReading.get("instance").asString());
		assertThat(stopped.get("cpuSeconds").decimalValue()).as("the history shows the reading billing gets")
			.isEqualByComparingTo(finalReading.get("cpuSeconds").decimalValue());
		assertThat(stopped.get("runningTasks")).isEmpty();
	}

	private JsonNode stoppedContainer(String name) throws Exception {
		for (JsonNode stopped : harness
			.read(harness.send("GET", "/api/v1/containers/stopped", ADMIN_TOKEN, null, null))) {
			if (stopped.get("name").asString().equals(name)) {
				return stopped;
			}
		}
		throw new AssertionError("no stopped instance of " + name);
	}

	@Test
	void anUnknownFunctionIs404AndAnotherUsersFunctionIs403() throws Exception {
		HttpResponse<String> unknown = harness.send("POST", "/api/v1/functions/nope/tasks", ALICE_TOKEN, "text/plain",
				new byte[0]);
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		harness.publish("alices", "true", "{}");
		assertThat(harness.send("POST", "/api/v1/functions/alices/tasks", BOB_TOKEN, "text/plain", new byte[0])
			.statusCode()).isEqualTo(403);
		assertThat(harness.send("GET", "/api/v1/usage", ALICE_TOKEN, null, null).statusCode()).isEqualTo(403);
	}

	@Test
	void aRestrictedContainerIsPinnedAtItsFloorAndAStopPutsItsTaskBack() throws Exception {
		harness.publish("pinned", "sleep 30", "{\"cpuMax\": 200, \"cpuMin\": 0, \"cpuBoundary\": 25}");
		submit("pinned", "p.txt");
		harness.awaitTask("pinned", "p.txt", "RUNNING", Duration.ofSeconds(20));
		JsonNode restricted = harness
			.read(harness.send("PUT", "/api/v1/containers/pinned/restriction", ADMIN_TOKEN, null, null));
		assertThat(restricted.get("restricted").asBoolean()).isTrue();
		assertThat(restricted.get("limit").asInt()).isEqualTo(50);
		assertThat(Files.readString(Path.of("/sys/fs/cgroup/cpu", harness.cgroupParent, "pinned", "cpu.cfs_quota_us"))
			.strip()).isEqualTo("50000");
		JsonNode lifted = harness
			.read(harness.send("DELETE", "/api/v1/containers/pinned/restriction", ADMIN_TOKEN, null, null));
		assertThat(lifted.get("restricted").asBoolean()).isFalse();
		assertThat(lifted.get("limit").asInt()).as("scaling resumes from the floor").isEqualTo(50);
		harness.creditManager.allow("alice", false);
		try {
			JsonNode stopped = harness
				.read(harness.send("POST", "/api/v1/containers/pinned/stop?requeue=true&reason=over%20the%20limit%0A",
						ADMIN_TOKEN, null, null));
			assertThat(stopped.get("stopped").asBoolean()).isTrue();
			assertThat(stopped.get("requeuedTasks").get(0).asString()).isEqualTo("p.txt");
			JsonNode pending = harness.task("pinned", "p.txt");
			assertThat(pending.get("state").asString()).isEqualTo("PENDING");
			assertThat(pending.get("failures").asInt()).as(pending.toString()).isZero();
			JsonNode history = stoppedContainer("pinned");
			assertThat(history.get("reason").asString()).isEqualTo("stopped through the API: over the limit");
			assertThat(history.get("runningTasks").get(0).asString()).isEqualTo("p.txt");
		}
		finally {
			harness.creditManager.allow("alice", true);
		}
	}

	@Test
	void prometheusShowsTasksContainersAndTheirCpu() throws Exception {
		harness.publish("metered", "sleep 5", "{\"cpuMax\": 150}");
		submit("metered", "m.txt");
		harness.awaitTask("metered", "m.txt", "RUNNING", Duration.ofSeconds(20));
		// The dispatcher records the latency just after the task shows as running.
		ContainerManagerHarness.await("the dispatch latency metric", Duration.ofSeconds(5),
				() -> prometheus().contains("gridfaas_tasks_dispatch_latency_seconds_count{function=\"metered\"}"));
		Path series = harness.home.resolve("data/cpu.jsonl");
		ContainerManagerHarness.await("a scaling window of the container", Duration.ofSeconds(5), () -> {
			try {
				return Files.exists(series) && Files.readString(series).contains("\"container\":\"metered\"");
			}
			catch (java.io.IOException ex) {
				return false;
			}
		});
		String metrics = prometheus();
		assertThat(metrics).contains("gridfaas_container_cpu_max_shares{container=\"metered\"");
		assertThat(metrics).contains("gridfaas_container_cpu_used_shares{container=\"metered\"");
		assertThat(Files.readString(series)).contains("\"container\":\"metered\"", "\"max\":150");
		assertThat(metrics).contains("gridfaas_container_cpu_limit_shares{container=\"metered\"",
				"gridfaas_container_cpu_usage_seconds_total{container=\"metered\"", "gridfaas_containers_starts_total",
				"gridfaas_tasks_dispatch_latency_seconds_count{function=\"metered\"}",
				"gridfaas_tasks{function=\"metered\",state=\"running\"}");
		// The limit starts at the max; the scaler then fits it to the idle task, down to
		// the floor.
		assertThat(metrics).containsPattern("gridfaas_container_cpu_max_shares\\{container=\"metered\".*\\} 150");
		harness.send("POST", "/api/v1/containers/metered/stop?requeue=false", ADMIN_TOKEN, null, null);
		String after = harness.send("GET", "/actuator/prometheus", ADMIN_TOKEN, null, null).body();
		assertThat(after).doesNotContain("gridfaas_container_cpu_limit_shares{container=\"metered\"")
			.contains("gridfaas_tasks_duration_seconds_count{function=\"metered\",outcome=\"failed\"}");
	}

	@Test
	void stagingDataIsReachableByEveryTask() throws Exception {
		harness.publish("staged", "cat \"$GRIDFAAS_STAGING/model/weights.txt\" > \"$2/seen.txt\"", "{}");
		put("staged", "staging/model/weights.txt", "0.1 0.2 0.3");
		submit("staged", "s.txt");
		harness.awaitTask("staged", "s.txt", "SUCCEEDED", Duration.ofSeconds(20));
		assertThat(read("staged", "results/s.txt/seen.txt")).isEqualTo("0.1 0.2 0.3");
	}

	@Test
	void tasksRunOldestNameFirst() throws Exception {
		harness.creditManager.allow("carol", false);
		publishFor("ordered", "carol", "true");
		for (String task : new String[] { "103.txt", "101.txt", "102.txt" }) {
			put("ordered", "input/" + task, "");
		}
		harness.creditManager.allow("carol", true);
		Instant first = Instant.parse(harness.awaitTask("ordered", "101.txt", "SUCCEEDED", Duration.ofSeconds(20))
			.get("startedAt")
			.asString());
		Instant second = Instant.parse(harness.awaitTask("ordered", "102.txt", "SUCCEEDED", Duration.ofSeconds(20))
			.get("startedAt")
			.asString());
		Instant third = Instant.parse(harness.awaitTask("ordered", "103.txt", "SUCCEEDED", Duration.ofSeconds(20))
			.get("startedAt")
			.asString());
		assertThat(first).isBefore(second);
		assertThat(second).isBefore(third);
	}

	@Test
	void aUserPublishesChangesAndDeletesItsOwnFunctionsOnly() throws Exception {
		HttpResponse<String> created = harness.json("POST", "/api/v1/functions", ALICE_TOKEN,
				"{\"name\":\"mine\",\"script\":\"true\",\"settings\":{\"maxAttempts\":2}}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(harness.read(created).get("owner").asString()).isEqualTo("alice");
		assertThat(harness.json("POST", "/api/v1/functions", ALICE_TOKEN, "{\"name\":\"mine\",\"script\":\"true\"}")
			.statusCode()).isEqualTo(409);
		assertThat(harness
			.json("POST", "/api/v1/functions", ALICE_TOKEN,
					"{\"name\":\"for-bob\",\"owner\":\"bob\",\"script\":\"true\"}")
			.statusCode()).isEqualTo(403);
		assertThat(harness.send("GET", "/api/v1/functions", BOB_TOKEN, null, null).body()).doesNotContain("\"mine\"");
		assertThat(harness.send("GET", "/api/v1/functions/mine", BOB_TOKEN, null, null).statusCode()).isEqualTo(403);
		HttpResponse<String> changed = harness.json("PUT", "/api/v1/functions/mine", ALICE_TOKEN,
				"{\"settings\":{\"maxConcurrentTasks\":3}}");
		assertThat(changed.statusCode()).isEqualTo(200);
		JsonNode settings = harness.read(changed).get("settings");
		assertThat(settings.get("maxConcurrentTasks").asInt()).isEqualTo(3);
		assertThat(settings.get("maxAttempts").asInt()).isEqualTo(2);
		assertThat(harness.json("PUT", "/api/v1/functions/mine", ALICE_TOKEN, "{\"owner\":\"bob\"}").statusCode())
			.isEqualTo(403);
		assertThat(harness.send("DELETE", "/api/v1/functions/mine", ALICE_TOKEN, null, null).statusCode())
			.isEqualTo(204);
		assertThat(harness.send("GET", "/api/v1/functions/mine", ALICE_TOKEN, null, null).statusCode()).isEqualTo(404);
	}

	@Test
	void badFunctionSettingsAre400NamingTheProblem() throws Exception {
		HttpResponse<String> response = harness.json("POST", "/api/v1/functions", ADMIN_TOKEN,
				"{\"name\":\"bad-settings\",\"owner\":\"alice\",\"script\":\"true\",\"settings\":{\"cpuMax\":10}}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("cpuMax must be at least cpuMin + 2 x cpuBoundary");
		assertThat(harness.json("POST", "/api/v1/functions", ADMIN_TOKEN, "{\"name\":\"no-owner\",\"script\":\"true\"}")
			.statusCode()).isEqualTo(400);
		HttpResponse<String> badName = harness.json("POST", "/api/v1/functions", ADMIN_TOKEN,
				"{\"name\":\"Bad_Name\",\"owner\":\"alice\",\"script\":\"true\"}");
		assertThat(harness.read(badName).get("invalid-params").get(0).get("name").asString()).isEqualTo("name");
	}

	@Test
	void aFunctionMadeByHandIsFoundAndAMalformedTimeoutFileFallsBackToTheDefault() throws Exception {
		s3.makeBucket(io.minio.MakeBucketArgs.builder().bucket("handmade").build());
		put("handmade", "utils/process_task.sh", "true");
		put("handmade", "utils/owner.txt", "alice\n");
		put("handmade", "utils/timeout.txt", "soon");
		JsonNode function = harness.read(harness.send("GET", "/api/v1/functions/handmade", ADMIN_TOKEN, null, null));
		assertThat(function.get("owner").asString()).isEqualTo("alice");
		assertThat(function.get("settings").get("idleTimeoutSeconds").asLong()).isEqualTo(2);
		put("handmade", "utils/timeout.txt", "30\n");
		function = harness.read(harness.send("GET", "/api/v1/functions/handmade", ADMIN_TOKEN, null, null));
		assertThat(function.get("settings").get("idleTimeoutSeconds").asLong()).isEqualTo(30);
	}

	@Test
	void theTasksOfAContainerFoundGoneGoBackToInputWithoutCountingAFailure() throws Exception {
		harness.publish("vanishing", "sleep 30", "{}");
		submit("vanishing", "v.txt");
		harness.awaitTask("vanishing", "v.txt", "RUNNING", Duration.ofSeconds(20));
		harness.creditManager.allow("alice", false);
		try {
			// The container disappears underneath the service, as a crashed instance
			// would.
			org.gridfaas.containers.cgroup.Cgroups
				.detect(Path.of("/sys/fs/cgroup"), harness.cgroupParent,
						org.gridfaas.containers.cgroup.Cgroups.DEFAULT_PERIOD)
				.orElseThrow()
				.find("vanishing")
				.orElseThrow()
				.destroy();
			JsonNode pending = harness.awaitTask("vanishing", "v.txt", "PENDING", Duration.ofSeconds(10));
			assertThat(pending.get("failures").asInt()).as(pending.toString()).isZero();
			ContainerManagerHarness.await("the pool to forget the vanished container", Duration.ofSeconds(5),
					() -> !containers().contains("\"vanishing\""));
		}
		finally {
			harness.creditManager.allow("alice", true);
		}
	}

	private static String prometheus() {
		try {
			return harness.send("GET", "/actuator/prometheus", ADMIN_TOKEN, null, null).body();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void submit(String function, String task) throws Exception {
		submit(function, task, ALICE_TOKEN);
	}

	private static void submit(String function, String task, String token) throws Exception {
		HttpResponse<String> response = harness.send("POST", "/api/v1/functions/" + function + "/tasks?name=" + task,
				token, "text/plain", new byte[0]);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
	}

	private static void publishFor(String function, String owner, String script) throws Exception {
		HttpResponse<String> response = harness.json("POST", "/api/v1/functions", ADMIN_TOKEN,
				"{\"name\":\"" + function + "\",\"owner\":\"" + owner + "\",\"script\":\"" + script + "\"}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
	}

	private static String containers() {
		try {
			return harness.send("GET", "/api/v1/containers", ADMIN_TOKEN, null, null).body();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void put(String bucket, String key, String body) throws Exception {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		s3.putObject(PutObjectArgs.builder()
			.bucket(bucket)
			.object(key)
			.stream(new ByteArrayInputStream(bytes), bytes.length, -1)
			.build());
	}

	private static String read(String bucket, String key) throws Exception {
		try (var in = s3.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static boolean exists(String bucket, String key) {
		try {
			s3.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
			return true;
		}
		catch (Exception ex) {
			return false;
		}
	}

}
