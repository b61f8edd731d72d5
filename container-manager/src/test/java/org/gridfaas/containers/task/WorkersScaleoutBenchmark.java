package org.gridfaas.containers.task;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import org.gridfaas.containers.ContainerManagerHarness;
import org.gridfaas.testing.RadosGateway;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three workers, each a process of its own, on Ceph's radosgw: the tasks per second of
 * {@code sleep 1} tasks with one, two and three of them running a function at concurrency
 * 4 each (what leases and replica slots cost, not CPU), and how long the tasks of a
 * worker killed with {@code kill -9} take to finish elsewhere. Run with
 * {@code bench/run scaleout}; figures go to {@code bench/results/scaleout-workers.md}.
 */
@Tag("bench")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkersScaleoutBenchmark {

	static final int WORKERS = 3;

	static final int CONCURRENCY = 4;

	/** Tasks per worker: 15 s of work at full concurrency, so start-up weighs little. */
	static final int TASKS_PER_WORKER = 60;

	static final Duration LEASE = Duration.ofSeconds(5);

	static WorkerProcesses workers;

	static RadosGateway ceph;

	static ContainerManagerHarness harness;

	static List<Integer> ports;

	static final List<String> throughput = new ArrayList<>();

	static final List<String> recovery = new ArrayList<>();

	@BeforeAll
	static void startWorkers() throws Exception {
		List<String> names = new ArrayList<>();
		for (int w = 1; w <= WORKERS; w++) {
			names.add("worker-" + w);
		}
		// Room for one replica of 1 core: each worker runs one.
		workers = WorkerProcesses.start(names, LEASE, Map.of("gridfaas.node.cpu-capacity", "100"));
		ceph = workers.ceph;
		harness = workers.harness;
		ports = workers.ports;
	}

	@AfterAll
	static void stopWorkers() throws Exception {
		if (workers != null) {
			workers.close();
			write();
		}
	}

	@Test
	@Order(1)
	void sleepTasksPerSecondGrowWithTheWorkersThatRunThem() throws Exception {
		for (int replicas = 1; replicas <= WORKERS; replicas++) {
			String function = "sleep" + replicas + "-" + UUID.randomUUID().toString().substring(0, 6);
			List<JsonNode> records = run(function, replicas, replicas * TASKS_PER_WORKER, null);
			Instant first = records.stream().map(WorkersScaleoutBenchmark::lastStart).min(Instant::compareTo).get();
			Instant last = records.stream().map(WorkersScaleoutBenchmark::lastEnd).max(Instant::compareTo).get();
			double seconds = Duration.between(first, last).toMillis() / 1000.0;
			double perSecond = records.size() / seconds;
			double ideal = replicas * CONCURRENCY;
			long workersUsed = records.stream().map((record) -> record.get("worker").asString()).distinct().count();
			throughput.add(String.format(Locale.ROOT, "| %d | %d | %d | %.1f s | %.2f | %.0f | %.0f %% |", replicas,
					workersUsed, records.size(), seconds, perSecond, ideal, 100 * perSecond / ideal));
			// The target is reported, not asserted: the figures are the bench's result.
			assertThat(workersUsed).as("workers that ran tasks").isEqualTo(replicas);
		}
	}

	@Test
	@Order(2)
	void theTasksOfAKilledWorkerFinishElsewhereWithinALeaseAndAPoll() throws Exception {
		String function = "recover-" + UUID.randomUUID().toString().substring(0, 6);
		Instant[] killedAt = new Instant[1];
		List<JsonNode> records = run(function, WORKERS, WORKERS * 30, () -> {
			ContainerManagerHarness.await("worker-" + WORKERS + " running a task", Duration.ofSeconds(60),
					() -> holdsATaskLease(function, "worker-" + WORKERS));
			workers.processes.get(WORKERS - 1).destroyForcibly().waitFor();
			killedAt[0] = Instant.now();
		});
		String killed = "worker-" + WORKERS;
		Duration takenOver = Duration.ZERO;
		Duration finished = Duration.ZERO;
		int lost = 0;
		for (JsonNode record : records) {
			for (JsonNode attempt : record.get("history")) {
				if (killed.equals(attempt.get("worker").asString())
						&& "requeued".equals(attempt.get("outcome").asString())) {
					lost++;
					takenOver = max(takenOver,
							Duration.between(killedAt[0], Instant.parse(attempt.get("endedAt").asString())));
					finished = max(finished, Duration.between(killedAt[0], lastEnd(record)));
				}
			}
		}
		recovery.add(String.format(Locale.ROOT, "| %d of %d | %.1f s | %.1f s | %d s |", lost, records.size(),
				takenOver.toMillis() / 1000.0, finished.toMillis() / 1000.0, LEASE.toSeconds()));
		assertThat(lost).as("tasks the killed worker was running").isPositive();
		// The lease expires, then a survivor's next poll (1 s) takes the task over.
		assertThat(takenOver).isLessThan(LEASE.plusSeconds(3));
	}

	/**
	 * Publishes a function of {@code sleep 1} tasks, submits them, runs {@code during}
	 * once they are in, and waits for every one in {@code output/}.
	 * @return the tasks' records
	 */
	private List<JsonNode> run(String function, int replicas, int count, Step during) throws Exception {
		harness.port = ports.get(0);
		harness.publish(function, "sleep 1",
				"{\"maxConcurrentTasks\": " + CONCURRENCY + ", \"maxReplicas\": " + replicas + ", \"cpuMax\": 100}");
		// Dropped into input/ as a user's tools do, eight at a time: all are in long
		// before the workers could run them.
		List<String> tasks = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			tasks.add(String.format("%04d.txt", i));
		}
		java.util.concurrent.ExecutorService drop = java.util.concurrent.Executors.newFixedThreadPool(8);
		try (MinioClient client = ceph.client()) {
			List<java.util.concurrent.Future<?>> dropped = new ArrayList<>();
			for (String task : tasks) {
				byte[] body = task.getBytes(StandardCharsets.UTF_8);
				dropped.add(drop.submit(() -> client.putObject(PutObjectArgs.builder()
					.bucket(function)
					.object("input/" + task)
					.stream(new java.io.ByteArrayInputStream(body), body.length, -1)
					.build())));
			}
			for (java.util.concurrent.Future<?> each : dropped) {
				each.get();
			}
		}
		finally {
			drop.shutdown();
		}
		if (during != null) {
			during.run();
		}
		// Listed straight from the store, twice a second: the workers' CPU is what is
		// measured.
		Instant deadline = Instant.now().plusSeconds(180);
		while (outputs(function) < count) {
			assertThat(Instant.now()).as("every task of %s done in time", function).isBefore(deadline);
			Thread.sleep(500);
		}
		List<JsonNode> records = new ArrayList<>();
		for (String task : tasks) {
			records.add(harness.task(function, task));
		}
		return records;
	}

	private static int outputs(String bucket) throws Exception {
		try (MinioClient client = ceph.client()) {
			int count = 0;
			for (Result<Item> item : client
				.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix("output/").recursive(true).build())) {
				item.get();
				count++;
			}
			return count;
		}
	}

	/** Whether the worker holds the lease of a task of the function now. */
	private static boolean holdsATaskLease(String bucket, String worker) {
		try (MinioClient client = ceph.client()) {
			for (Result<Item> item : client
				.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix("leases/").recursive(true).build())) {
				String key = item.get().objectName();
				try (var body = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
					if (new String(body.readAllBytes(), StandardCharsets.UTF_8)
						.contains("\"worker\":\"" + worker + "\"")) {
						return true;
					}
				}
			}
			return false;
		}
		catch (Exception ex) {
			// A lease released between the listing and the reading.
			return false;
		}
	}

	private static Instant lastStart(JsonNode record) {
		JsonNode history = record.get("history");
		return Instant.parse(history.get(history.size() - 1).get("startedAt").asString());
	}

	private static Instant lastEnd(JsonNode record) {
		JsonNode history = record.get("history");
		return Instant.parse(history.get(history.size() - 1).get("endedAt").asString());
	}

	private static Duration max(Duration a, Duration b) {
		return a.compareTo(b) >= 0 ? a : b;
	}

	interface Step {

		void run() throws Exception;

	}

	static void write() throws Exception {
		List<String> lines = new ArrayList<>(List.of("# Scale-out benchmark: workers", "",
				"Run " + Instant.now() + " on " + Runtime.getRuntime().availableProcessors() + " cores: " + WORKERS
						+ " ContainerManager processes on one Ceph radosgw (1 mon, 1 memstore OSD), each with room"
						+ " for one replica; `sleep 1` tasks, " + CONCURRENCY + " at a time per replica; lease "
						+ LEASE.toSeconds() + " s, poll 1 s.",
				"", "## Throughput: first task started to last task ended", "",
				"| replicas | workers that ran tasks | tasks | time | tasks/s | ideal | of ideal (target >= 90 %) |",
				"|---|---|---|---|---|---|---|"));
		lines.addAll(throughput);
		lines.addAll(List.of("", "## Recovery: one of the " + WORKERS + " workers killed (`kill -9`) mid-run", "",
				"| tasks it was running | taken over after the kill (last) | all of them finished after | lease |",
				"|---|---|---|---|"));
		lines.addAll(recovery);
		Path results = Path.of(System.getProperty("gridfaas.bench.results", "../bench/results"));
		Files.createDirectories(results);
		Files.write(results.resolve("scaleout-workers.md"), lines);
	}

}
