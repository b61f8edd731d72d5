package org.gridfaas.containers.task;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.MinioClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.containers.store.ObjectStore;
import org.gridfaas.containers.store.minio.TestStores;
import org.gridfaas.testing.RadosGateway;
import org.gridfaas.testing.S3ProxyServer;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Task claims (create-only lease writes) per second on S3Proxy and on Ceph's radosgw: 4
 * claimers on distinct tasks, then 4 racing for the same ones. Not part of the test
 * suite: run with {@code bench/run scaleout}; figures go to
 * {@code bench/results/scaleout.md}.
 */
@Tag("bench")
class ScaleoutBenchmark {

	static final int CLAIMERS = 4;

	static final int TASKS = 2000;

	static final List<String> report = new ArrayList<>();

	@Test
	void claimsPerSecondOnS3ProxyAndRadosgw() throws Exception {
		try (S3ProxyServer s3 = S3ProxyServer.start(); MinioClient client = s3.client()) {
			measure("S3Proxy 4.1 (filesystem)", TestStores.on(client), false);
		}
		RadosGateway ceph = RadosGateway.shared();
		try (MinioClient client = ceph.client()) {
			measure("Ceph radosgw 16.2 (1 mon, 1 memstore OSD)", TestStores.on(client), true);
		}
	}

	private void measure(String store, ObjectStore objects, boolean atomic) throws Exception {
		FunctionName function = FunctionName.of("bench-" + UUID.randomUUID().toString().substring(0, 8));
		objects.createBucket(function.value());
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.initialize();
		List<TaskLeases> claimers = new ArrayList<>();
		for (int i = 0; i < CLAIMERS; i++) {
			// Leases long enough that none expires during the run: a takeover would be a
			// second, legitimate, win.
			claimers.add(new TaskLeases(objects, JsonMapper.builder().build(), "worker-" + i, Duration.ofHours(1),
					Clock.systemUTC(), new SimpleMeterRegistry(), scheduler));
		}
		// Distinct tasks: each claimer its own share.
		ExecutorService threads = Executors.newFixedThreadPool(CLAIMERS);
		Instant start = Instant.now();
		List<Future<?>> done = new ArrayList<>();
		for (int c = 0; c < CLAIMERS; c++) {
			int claimer = c;
			done.add(threads.submit(() -> {
				for (int t = claimer; t < TASKS; t += CLAIMERS) {
					claimers.get(claimer).acquire(function, TaskId.of("d" + t + ".txt"), 1, "run").orElseThrow();
				}
			}));
		}
		for (Future<?> future : done) {
			future.get();
		}
		double distinct = TASKS / (Duration.between(start, Instant.now()).toNanos() / 1e9);
		// Contended: all claimers race for every task, in the same order.
		AtomicInteger won = new AtomicInteger();
		start = Instant.now();
		done.clear();
		for (int c = 0; c < CLAIMERS; c++) {
			int claimer = c;
			done.add(threads.submit(() -> {
				for (int t = 0; t < TASKS / 4; t++) {
					if (claimers.get(claimer).acquire(function, TaskId.of("r" + t + ".txt"), 1, "run").isPresent()) {
						won.incrementAndGet();
					}
				}
			}));
		}
		for (Future<?> future : done) {
			future.get();
		}
		double contended = (TASKS / 4.0 * CLAIMERS) / (Duration.between(start, Instant.now()).toNanos() / 1e9);
		threads.shutdown();
		scheduler.shutdown();
		if (atomic) {
			assertThat(won.get()).as("claims won of %d raced tasks", TASKS / 4).isEqualTo(TASKS / 4);
		}
		report.add(String.format("| %s | %.0f | %.0f | %d of %d |", store, distinct, contended, won.get(), TASKS / 4));
	}

	@AfterAll
	static void write() throws Exception {
		List<String> lines = new ArrayList<>();
		lines.add("# Scale-out benchmark");
		lines.add("");
		lines.add("Run " + Instant.now() + " on " + Runtime.getRuntime().availableProcessors()
				+ " cores, store and claimers on one machine (loopback).");
		lines.add("");
		lines.add("## Task claims: create-only lease writes, " + CLAIMERS + " claimers");
		lines.add("");
		lines.add("Distinct: " + TASKS + " tasks shared out, every claim wins. Raced: " + (TASKS / 4)
				+ " tasks, every claimer tries each one (attempts per second); a task must be won exactly once.");
		lines.add("");
		lines.add("| store | distinct claims/s | raced attempts/s | raced tasks won |");
		lines.add("|---|---|---|---|");
		lines.addAll(report);
		lines.add("");
		lines.add("S3Proxy's filesystem backend checks, then writes, so racing claimers can both win there;"
				+ " it is the single-worker store.");
		Path results = Path.of("../bench/results");
		Files.createDirectories(results);
		Files.write(results.resolve("scaleout.md"), lines);
	}

}
