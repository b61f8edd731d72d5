package org.gridfaas.containers.task;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.gridfaas.containers.ContainerManagerHarness;
import org.gridfaas.testing.RadosGateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridfaas.containers.ContainerManagerHarness.ADMIN_TOKEN;
import static org.gridfaas.containers.ContainerManagerHarness.ALICE_TOKEN;

/**
 * Two workers, each a process of its own with its own home and cgroups, on one real
 * distributed object store (Ceph's radosgw) and with no serve lists: any worker takes any
 * task, and the task leases keep every task to one execution.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedStoreWorkersTests {

	static WorkerProcesses workers;

	static RadosGateway ceph;

	static ContainerManagerHarness harness;

	static List<Integer> ports;

	/**
	 * The workers are shared: each test has a function of its own, the last kills one.
	 */
	@BeforeAll
	static void startWorkers() throws Exception {
		workers = WorkerProcesses.start(List.of("worker-a", "worker-b"), Duration.ofSeconds(3), Map.of());
		ceph = workers.ceph;
		harness = workers.harness;
		ports = workers.ports;
	}

	@AfterAll
	static void stopWorkers() throws Exception {
		if (workers != null) {
			workers.close();
		}
	}

	@Test
	@Order(1)
	void twoWorkersWithoutServeListsRunEachOfFortyTasksExactlyOnce() throws Exception {
		String function = "shared-" + suffix();
		harness.port = ports.get(0);
		harness.publish(function, "sleep 0.3; echo \"$GRIDFAAS_TASK\" > \"$2/r.txt\"",
				"{\"maxConcurrentTasks\": 4, \"maxReplicas\": 2, \"cpuMax\": 100}");
		List<String> tasks = submit(function, 40);
		ContainerManagerHarness.await("every task in output/", Duration.ofSeconds(120),
				() -> keys(function, "output/").size() == tasks.size());
		Thread.sleep(1000);
		int a = succeeded(ports.get(0), function);
		int b = succeeded(ports.get(1), function);
		assertThat(a + b).as("successful executions on worker-a (%d) and worker-b (%d)", a, b).isEqualTo(40);
		assertThat(a).as("worker-a's share").isPositive();
		assertThat(b).as("worker-b's share").isPositive();
		assertThat(keys(function, "processing/")).isEmpty();
		assertThat(keys(function, "leases/")).isEmpty();
		for (String task : tasks) {
			assertThat(harness.task(function, task).get("attempts").asInt()).as(task).isEqualTo(1);
		}
	}

	@Test
	@Order(2)
	void withOneReplicaOneWorkerRunsTheFunctionAndTheOtherNone() throws Exception {
		String function = "single-" + suffix();
		harness.port = ports.get(0);
		harness.publish(function, "sleep 0.2", "{\"maxConcurrentTasks\": 2}");
		List<String> tasks = submit(function, 12);
		ContainerManagerHarness.await("every task in output/", Duration.ofSeconds(90),
				() -> keys(function, "output/").size() == tasks.size());
		Thread.sleep(1000);
		int a = succeeded(ports.get(0), function);
		int b = succeeded(ports.get(1), function);
		assertThat(a + b).isEqualTo(12);
		assertThat(Math.min(a, b)).as("runs on the worker without the replica slot (a %d, b %d)", a, b).isZero();
		ContainerManagerHarness.await("the replica slot given back once the replica stopped idle",
				Duration.ofSeconds(20), () -> keys(function, "replicas/").isEmpty());
	}

	@Test
	@Order(3)
	void theTasksOfAKilledWorkerFinishOnTheOtherOnceTheirLeasesExpire() throws Exception {
		String function = "takeover-" + suffix();
		harness.port = ports.get(1);
		harness.publish(function, "sleep 2; echo done > \"$2/r.txt\"",
				"{\"maxConcurrentTasks\": 2, \"maxReplicas\": 2, \"cpuMax\": 100}");
		List<String> tasks = submit(function, 8);
		ContainerManagerHarness.await("worker-a running a task", Duration.ofSeconds(30),
				() -> running(ports.get(0), function) > 0);
		workers.processes.get(0).destroyForcibly().waitFor();
		long killedAt = System.nanoTime();
		ContainerManagerHarness.await("every task in output/", Duration.ofSeconds(90),
				() -> keys(function, "output/").size() == tasks.size());
		Duration recovered = Duration.ofNanos(System.nanoTime() - killedAt);
		assertThat(keys(function, "processing/")).isEmpty();
		assertThat(keys(function, "failed/")).isEmpty();
		int requeued = 0;
		for (String task : tasks) {
			var record = harness.task(function, task);
			assertThat(record.get("failures").asInt()).as(task).isZero();
			requeued += (record.get("attempts").asInt() > 1) ? 1 : 0;
		}
		assertThat(requeued).as("tasks taken over from the killed worker").isPositive();
		// 8 tasks of 2 s, 2 at a time on the survivor, after a lease of 3 s: well within.
		assertThat(recovered).isLessThan(Duration.ofSeconds(60));
	}

	private List<String> submit(String function, int count) throws Exception {
		List<String> tasks = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String task = String.format("%03d.txt", i);
			harness.port = ports.get(i % 2);
			assertThat(harness
				.send("POST", "/api/v1/functions/" + function + "/tasks?name=" + task, ALICE_TOKEN, "text/plain",
						task.getBytes(StandardCharsets.UTF_8))
				.statusCode()).isEqualTo(201);
			tasks.add(task);
		}
		harness.port = ports.get(1);
		return tasks;
	}

	private static List<String> keys(String bucket, String prefix) {
		try (MinioClient client = ceph.client()) {
			List<String> keys = new ArrayList<>();
			for (Result<Item> item : client
				.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
				keys.add(item.get().objectName());
			}
			return keys;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The worker's count of successful attempts of the function, from its metrics. */
	private int succeeded(int port, String function) {
		return metric(port, "gridfaas_tasks_duration_seconds_count{", function, "outcome=\"succeeded\"");
	}

	private int running(int port, String function) {
		return metric(port, "gridfaas_tasks{", function, "state=\"running\"");
	}

	private int metric(int port, String name, String function, String label) {
		int saved = harness.port;
		harness.port = port;
		try {
			return harness.send("GET", "/actuator/prometheus", ADMIN_TOKEN, null, null)
				.body()
				.lines()
				.filter((line) -> line.startsWith(name) && line.contains("function=\"" + function + "\"")
						&& line.contains(label))
				.mapToInt((line) -> (int) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
				.sum();
		}
		catch (Exception ex) {
			return 0;
		}
		finally {
			harness.port = saved;
		}
	}

	private static String suffix() {
		return java.util.UUID.randomUUID().toString().substring(0, 6);
	}

}
