package org.gridfaas.containers.bench;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.gridfaas.containers.ContainerManagerHarness;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.gridfaas.containers.ContainerManagerHarness.ALICE_TOKEN;

/**
 * Dispatch latency and throughput of no-op tasks on the embedded object store (S3Proxy)
 * and the local runtime, with the service's default poll interval (1 s). Not part of the
 * test suite: run with {@code bench/run dispatch}; figures go to
 * {@code bench/results/dispatch.md}.
 */
@Tag("bench")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class DispatchBenchmark {

	static final int LATENCY_SAMPLES = 200;

	static final long QUIET = 30;

	static final int THROUGHPUT_TASKS = 500;

	static final ContainerManagerHarness harness = new ContainerManagerHarness();

	static final MinioClient s3 = harness.s3.client();

	static final List<String> report = new ArrayList<>();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		harness.creditManager.allow("alice", true);
		harness.register(registry);
		registry.add("gridfaas.tasks.poll-interval", () -> "1s");
		registry.add("gridfaas.tasks.functions-refresh", () -> "5s");
		registry.add("gridfaas.credit-manager.cache-for", () -> "1s");
		registry.add("gridfaas.functions.defaults.idle-timeout", () -> "10m");
		registry.add("logging.level.org.gridfaas", () -> "WARN");
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

	@AfterAll
	static void writeReport() throws Exception {
		s3.close();
		Path results = Path.of("../bench/results");
		Files.createDirectories(results);
		List<String> lines = new ArrayList<>();
		lines.add("# Dispatch benchmark");
		lines.add("");
		lines.add("Run " + Instant.now() + " on " + Runtime.getRuntime().availableProcessors()
				+ " cores: no-op tasks (`true`), local runtime, S3Proxy on loopback, poll interval 1 s.");
		lines.add("");
		lines.addAll(report);
		Files.write(results.resolve("dispatch.md"), lines);
		lines.forEach(System.out::println);
	}

	@Test
	void dispatchLatencyOnAWarmContainer(@Autowired MeterRegistry meters) throws Exception {
		harness.publish("noop-latency", "true", "{}");
		submit("noop-latency", "warmup.txt");
		harness.awaitTask("noop-latency", "warmup.txt", "SUCCEEDED", Duration.ofSeconds(30));
		List<Long> micros = new ArrayList<>();
		List<Long> answers = new ArrayList<>();
		Map<String, Long> before = requests(meters);
		for (int i = 0; i < LATENCY_SAMPLES; i++) {
			String task = String.format("l%04d.txt", i);
			Instant submitted = Instant.now();
			submit("noop-latency", task);
			answers.add(Duration.between(submitted, Instant.now()).toNanos() / 1000);
			JsonNode done = harness.awaitTask("noop-latency", task, "SUCCEEDED", Duration.ofSeconds(30));
			Instant started = Instant.parse(done.get("startedAt").asString());
			micros.add(Duration.between(submitted, started).toNanos() / 1000);
			// What the outcome left to do (its processing/ copy, its lease) ends before
			// the next task comes: each sample is one task on a quiet worker.
			Thread.sleep(QUIET);
		}
		Collections.sort(micros);
		report.add("## Dispatch latency (submit through the API -> task started), " + LATENCY_SAMPLES + " tasks");
		report.add("");
		report.add("| p50 | p90 | p99 | max | target |");
		report.add("|---|---|---|---|---|");
		report.add(String.format(Locale.ROOT, "| %.1f ms | %.1f ms | %.1f ms | %.1f ms | p50 <= 10 ms |",
				percentile(micros, 50), percentile(micros, 90), percentile(micros, 99),
				micros.get(micros.size() - 1) / 1000.0));
		report.add("");
		Map<String, Long> after = requests(meters);
		long total = after.entrySet()
			.stream()
			.mapToLong((e) -> e.getValue() - before.getOrDefault(e.getKey(), 0L))
			.sum();
		Collections.sort(answers);
		report
			.add(String.format(Locale.ROOT, "Of that, the submission's answer (its task filed in input/): p50 %.1f ms,"
					+ " p90 %.1f ms. Object store requests per task, submission to outcome, with the bench's own status polls: %.2f.",
					percentile(answers, 50), percentile(answers, 90), total / (double) LATENCY_SAMPLES));
		report.add("");
	}

	@Test
	void throughputAtConcurrencyOneAndFour(@Autowired MeterRegistry meters) throws Exception {
		report.add("## Throughput, " + THROUGHPUT_TASKS + " tasks queued in input/ before the owner may run");
		report.add("");
		report.add("| max concurrent tasks | time | tasks/s | target |");
		report.add("|---|---|---|---|");
		Map<String, Long> before = requests(meters);
		for (int concurrency : new int[] { 1, 4 }) {
			String function = "noop-c" + concurrency;
			harness.creditManager.allow("alice", false);
			harness.publish(function, "true", "{\"maxConcurrentTasks\": " + concurrency + "}");
			for (int i = 0; i < THROUGHPUT_TASKS; i++) {
				s3.putObject(PutObjectArgs.builder()
					.bucket(function)
					.object(String.format("input/t%04d.txt", i))
					.stream(new ByteArrayInputStream(new byte[0]), 0, -1)
					.build());
			}
			Thread.sleep(1500);
			Instant start = Instant.now();
			harness.creditManager.allow("alice", true);
			// The worker's own count first, so that the bench does not load the store
			// with listings while it measures; then output/ until every task is filed.
			ContainerManagerHarness.await("all tasks run", Duration.ofMinutes(5),
					() -> executions(meters, function) >= THROUGHPUT_TASKS);
			ContainerManagerHarness.await("all tasks done", Duration.ofMinutes(1),
					() -> count(function, "output/") == THROUGHPUT_TASKS);
			Duration took = Duration.between(start, Instant.now());
			double rate = THROUGHPUT_TASKS / (took.toMillis() / 1000.0);
			report.add(String.format(Locale.ROOT, "| %d | %.1f s | %.1f | %s |", concurrency, took.toMillis() / 1000.0,
					rate, (concurrency == 4) ? ">= 50 tasks/s" : "-"));
		}
		report.add("");
		// Both runs' requests, the tasks' and the rounds' (listings, leases), per task.
		Map<String, Long> after = requests(meters);
		Map<String, Double> millis = requestMillis(meters);
		report.add("## Object store requests per task, both runs");
		report.add("");
		report.add("| operation | per task | mean time |");
		report.add("|---|---|---|");
		long total = 0;
		for (Map.Entry<String, Long> entry : after.entrySet()) {
			long count = entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
			total += count;
			report.add(String.format(Locale.ROOT, "| %s | %.2f | %.1f ms |", entry.getKey(),
					count / (2.0 * THROUGHPUT_TASKS), millis.get(entry.getKey())));
		}
		report.add(String.format(Locale.ROOT, "| all | %.2f | |", total / (2.0 * THROUGHPUT_TASKS)));
		report.add("");
	}

	/** The function's task executions so far, from the worker's histogram. */
	private static long executions(MeterRegistry meters, String function) {
		return meters.find("gridfaas.tasks.duration")
			.tag("function", function)
			.timers()
			.stream()
			.mapToLong(Timer::count)
			.sum();
	}

	/** The mean time of a request so far by operation, from the adapter's timers. */
	private static Map<String, Double> requestMillis(MeterRegistry meters) {
		Map<String, Double> millis = new TreeMap<>();
		for (Timer timer : meters.find("gridfaas.store.requests").tags("outcome", "ok").timers()) {
			millis.put(timer.getId().getTag("operation"), timer.mean(java.util.concurrent.TimeUnit.MILLISECONDS));
		}
		return millis;
	}

	/** Requests so far by operation, from the adapter's timers. */
	private static Map<String, Long> requests(MeterRegistry meters) {
		Map<String, Long> counts = new TreeMap<>();
		for (Timer timer : meters.find("gridfaas.store.requests").timers()) {
			counts.merge(timer.getId().getTag("operation"), timer.count(), Long::sum);
		}
		return counts;
	}

	private static void submit(String function, String task) throws Exception {
		harness.send("POST", "/api/v1/functions/" + function + "/tasks?name=" + task, ALICE_TOKEN, "text/plain",
				new byte[0]);
	}

	private static int count(String bucket, String prefix) {
		int count = 0;
		for (var ignored : s3
			.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
			count++;
		}
		return count;
	}

	private static double percentile(List<Long> sortedMicros, int percentile) {
		int index = (int) Math.ceil(percentile / 100.0 * sortedMicros.size()) - 1;
		return sortedMicros.get(Math.max(0, index)) / 1000.0;
	}

}
