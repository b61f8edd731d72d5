package org.gridfaas.containers.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
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

import static org.gridfaas.containers.ContainerManagerHarness.ADMIN_TOKEN;
import static org.gridfaas.containers.ContainerManagerHarness.ALICE_TOKEN;

/**
 * Cold starts in a function's image on the local runtime: a Debian bookworm image built
 * by the platform from a definition (its build time), its first start (the image fetched
 * to the node), then starts with the image cached, each after the container stopped for
 * idleness, against the same on the host's root. A start is timed from the task's
 * submission through the API to its start (the task's record), so it holds the dispatch,
 * the image check, the mount and the sandbox. Run with {@code bench/run coldstart};
 * figures go to {@code bench/results/coldstart.md}.
 */
@Tag("bench")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ColdstartBenchmark {

	static final int SAMPLES = 20;

	static final ContainerManagerHarness harness = new ContainerManagerHarness();

	static final MinioClient s3 = harness.s3.client();

	static final List<String> report = new ArrayList<>();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		harness.creditManager.allow("alice", true);
		harness.register(registry);
		registry.add("gridfaas.functions.defaults.idle-timeout", () -> "1s");
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
		List<String> lines = new ArrayList<>();
		lines.add("# Cold start benchmark");
		lines.add("");
		lines.add("Run " + Instant.now() + " on " + Runtime.getRuntime().availableProcessors()
				+ " cores: local runtime, S3Proxy on loopback, poll interval 100 ms; each start after the"
				+ " function's container stopped (idle timeout 1 s); timed from the task's submission to its start.");
		lines.add("");
		lines.addAll(report);
		Files.createDirectories(Path.of("../bench/results"));
		Files.write(Path.of("../bench/results/coldstart.md"), lines);
		lines.forEach(System.out::println);
	}

	@Test
	void coldStartsInABuiltImageAndOnTheHostRoot() throws Exception {
		harness.publishWithDefinition("cold-image", "cat /etc/debian_version > \"$2/v.txt\"", """
				Bootstrap: debootstrap
				OSVersion: bookworm
				MirrorURL: http://deb.debian.org/debian
				""");
		JsonNode image = harness.awaitImage("cold-image", "ready", Duration.ofMinutes(10));
		long sifBytes = s3
			.statObject(StatObjectArgs.builder().bucket("cold-image").object("utils/cold-image.sif").build())
			.size();
		report.add("## Image build (bookworm minbase, from the definition)");
		report.add("");
		report.add("| build | its CPU | SIF size |");
		report.add("|---|---|---|");
		report.add(String.format(Locale.ROOT, "| %d s | %.1f s | %.1f MB |", image.get("buildSeconds").asLong(),
				image.get("buildCpuSeconds").asDouble(), sifBytes / 1e6));
		report.add("");
		double first = coldStart("cold-image", "first.txt");
		List<Long> cached = samples("cold-image");
		harness.publish("cold-host", "cat /etc/debian_version > \"$2/v.txt\"", "{}");
		coldStart("cold-host", "warmup.txt");
		List<Long> host = samples("cold-host");
		report.add("## Container start to first task running, " + SAMPLES + " starts each");
		report.add("");
		report.add("| root | p50 | p90 | max | target |");
		report.add("|---|---|---|---|---|");
		report.add(String.format(Locale.ROOT, "| image, first start (fetched to the node) | %.0f ms | - | - | - |",
				first));
		report.add(row("image, cached", cached, "p50 <= 1000 ms"));
		report.add(row("host root (no image)", host, "-"));
		report.add("");
	}

	private static List<Long> samples(String function) throws Exception {
		List<Long> millis = new ArrayList<>();
		for (int i = 0; i < SAMPLES; i++) {
			millis.add(Math.round(coldStart(function, String.format("c%03d.txt", i))));
		}
		Collections.sort(millis);
		return millis;
	}

	/**
	 * One start of a stopped container: milliseconds from submission to the task's start.
	 */
	private static double coldStart(String function, String task) throws Exception {
		ContainerManagerHarness.await(function + " to stop", Duration.ofSeconds(30), () -> !running(function));
		Instant submitted = Instant.now();
		harness.send("POST", "/api/v1/functions/" + function + "/tasks?name=" + task, ALICE_TOKEN, "text/plain",
				new byte[0]);
		JsonNode done = harness.awaitTask(function, task, "SUCCEEDED", Duration.ofSeconds(60));
		return Duration.between(submitted, Instant.parse(done.get("startedAt").asString())).toNanos() / 1e6;
	}

	private static boolean running(String function) {
		try {
			return harness.read(harness.send("GET", "/api/v1/containers", ADMIN_TOKEN, null, null))
				.valueStream()
				.anyMatch((container) -> container.get("function").asString().equals(function));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String row(String root, List<Long> sorted, String target) {
		return String.format(Locale.ROOT, "| %s | %d ms | %d ms | %d ms | %s |", root, percentile(sorted, 50),
				percentile(sorted, 90), sorted.get(sorted.size() - 1), target);
	}

	private static long percentile(List<Long> sorted, int percentile) {
		int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, index));
	}

}
