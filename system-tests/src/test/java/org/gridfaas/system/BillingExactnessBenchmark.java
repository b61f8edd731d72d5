package org.gridfaas.system;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Billing exactness over a mixed run (default 10 minutes,
 * {@code -Dgridfaas.bench.duration} to change): three users' stress tasks of 1 or 2 cores
 * for 2 to 40 s arrive at random, containers scale, idle, stop and start again. What
 * CreditManager billed is compared with the cgroups' own counters, read independently
 * every 100 ms; beside it, the prototype's estimator on the same run: every 10 s, sample
 * each container's CPU rate (here over the last second), bill rate x 10 s when above 0.1
 * core. Run with {@code bench/run
 * exactness}; figures go to {@code bench/results/exactness.md}.
 */
@Tag("bench")
class BillingExactnessBenchmark {

	static final String[] USERS = { "ann", "ben", "cat" };

	@Test
	void billedCpuSecondsMatchTheCgroupCounters() throws Exception {
		Platform.assumeLocalRuntimeCanRun();
		Duration duration = Duration.parse("PT" + System.getProperty("gridfaas.bench.duration", "10m").toUpperCase());
		try (Platform platform = Platform.start(Map.of("gridfaas.metering.period", "10s"),
				Map.of("gridfaas.tasks.poll-interval", "1s", "gridfaas.scaling.window", "10s"))) {
			for (String user : USERS) {
				platform.openAccount(user, "0", "-1");
				platform.deposit(user, "1000", user + "-funds");
				platform.publishStress(user + "-stress", user, 200, 8);
			}
			CgroupSampler sampler = new CgroupSampler(platform);
			ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
			clock.scheduleAtFixedRate(sampler::sample, 0, 100, TimeUnit.MILLISECONDS);
			clock.scheduleAtFixedRate(sampler::prototypeTick, 10, 10, TimeUnit.SECONDS);
			Instant started = Instant.now();
			int submitted = submitMixedLoad(platform, started.plus(duration));
			Platform.await("every container to stop", Duration.ofMinutes(3), () -> platform.runningContainers() == 0);
			Thread.sleep(1000);
			clock.shutdown();
			clock.awaitTermination(5, TimeUnit.SECONDS);
			sampler.sample();
			BigDecimal counted = sampler.total();
			Platform.await("billing to catch up", Duration.ofMinutes(1),
					() -> measured(platform).compareTo(counted) >= 0
							|| Duration.between(started, Instant.now()).compareTo(duration.plusMinutes(5)) > 0);
			Thread.sleep(12_000);
			BigDecimal billed = BigDecimal.ZERO;
			BigDecimal charged = BigDecimal.ZERO;
			for (String user : USERS) {
				billed = billed.add(platform.usage(user).get("billedSeconds").decimalValue());
				charged = charged.add(platform.usage(user).get("charged").decimalValue());
			}
			BigDecimal prototype = sampler.prototypeEstimate();
			BigDecimal billedError = error(billed, counted);
			BigDecimal prototypeError = error(prototype, counted);
			List<String> lines = new ArrayList<>(List.of("# Billing exactness benchmark", "",
					"A " + duration.toMinutes() + "-minute mixed run on " + Runtime.getRuntime().availableProcessors()
							+ " cores: " + submitted + " stress tasks of 1 or 2 cores for 2-40 s from 3 users,"
							+ " containers (max 2 cores) scaling every 10 s, stopping after 8 s idle and starting"
							+ " again. The reference is the cgroups' own cpuacct.usage, read every 100 ms by the"
							+ " benchmark itself. Target: billed within 0.1 %.",
					"", "| | CPU-seconds | error vs the cgroups |", "|---|---|---|",
					String.format(Locale.ROOT, "| cgroup counters (reference) | %s | |",
							counted.setScale(3, RoundingMode.HALF_UP)),
					String.format(Locale.ROOT, "| gridfaas billed | %s | %s %% |",
							billed.setScale(3, RoundingMode.HALF_UP), billedError),
					String.format(Locale.ROOT,
							"| prototype estimator (rate sampled every 10 s x 10 s, > 0.1 core) | %s | %s %% |",
							prototype.setScale(3, RoundingMode.HALF_UP), prototypeError),
					"",
					String.format(Locale.ROOT,
							"Charged: %s GRC at 600 vcore-seconds per GRC in steps of 0.05 GRC (what is below a step waits).",
							charged.toPlainString())));
			Path results = Path.of(System.getProperty("gridfaas.bench.results", "../bench/results"));
			Files.createDirectories(results);
			Files.write(results.resolve("exactness.md"), lines);
			assertThat(billedError.abs()).as("billed vs counted").isLessThan(new BigDecimal("0.1"));
		}
	}

	private static int submitMixedLoad(Platform platform, Instant until) throws Exception {
		Random random = new Random(2026);
		int seq = 0;
		while (Instant.now().isBefore(until)) {
			String user = USERS[random.nextInt(USERS.length)];
			int cores = 1 + random.nextInt(2);
			int seconds = 2 + random.nextInt(39);
			platform.submit(user + "-stress", String.format(Locale.ROOT, "%d.%d-%d.txt", ++seq, cores, seconds));
			// Sometimes a burst, sometimes a pause long enough for containers to stop.
			Thread.sleep(random.nextInt(10) < 7 ? 2_000 + random.nextInt(15_000) : 25_000);
		}
		return seq;
	}

	private static BigDecimal measured(Platform platform) throws Exception {
		BigDecimal sum = BigDecimal.ZERO;
		for (String user : USERS) {
			sum = sum.add(platform.usage(user).get("measuredCpuSeconds").decimalValue());
		}
		return sum;
	}

	private static BigDecimal error(BigDecimal value, BigDecimal reference) {
		return value.subtract(reference).multiply(BigDecimal.valueOf(100)).divide(reference, 4, RoundingMode.HALF_UP);
	}

	/**
	 * Reads every container's cpuacct.usage. A counter that goes back, or a cgroup that
	 * disappears, ends an instance: its last reading is final (a container is only
	 * stopped when idle here, so nothing runs between the last read and the stop).
	 */
	static final class CgroupSampler {

		private final Platform platform;

		private final Map<String, Long> current = new HashMap<>();

		/** Recent readings with when they were taken, for the prototype's rate. */
		private final java.util.ArrayDeque<Snapshot> recent = new java.util.ArrayDeque<>();

		private long finished;

		private BigDecimal prototype = BigDecimal.ZERO;

		CgroupSampler(Platform platform) {
			this.platform = platform;
		}

		synchronized void sample() {
			Map<String, Long> now = new HashMap<>();
			Path parent = Path.of("/sys/fs/cgroup/cpuacct", this.platform.cgroupParent);
			if (Files.isDirectory(parent)) {
				try (var groups = Files.list(parent)) {
					groups.filter(Files::isDirectory).forEach((group) -> {
						try {
							now.put(group.getFileName().toString(),
									Long.parseLong(Files.readString(group.resolve("cpuacct.usage")).strip()));
						}
						catch (Exception ex) {
							// Removed while being read: its last reading stands.
						}
					});
				}
				catch (Exception ex) {
					return;
				}
			}
			this.current.forEach((name, last) -> {
				Long reading = now.get(name);
				if (reading == null || reading < last) {
					this.finished += last;
				}
			});
			this.current.clear();
			this.current.putAll(now);
			this.recent.addLast(new Snapshot(System.nanoTime(), Map.copyOf(now)));
			while (this.recent.size() > 30) {
				this.recent.removeFirst();
			}
		}

		/** The prototype: a rate sampled now, billed for the whole 10 s. */
		synchronized void prototypeTick() {
			if (this.recent.size() < 2) {
				return;
			}
			Snapshot last = this.recent.getLast();
			Snapshot before = this.recent.stream()
				.filter((snapshot) -> last.nanos() - snapshot.nanos() >= 1_000_000_000L)
				.reduce((first, second) -> second)
				.orElse(this.recent.getFirst());
			BigDecimal elapsed = BigDecimal.valueOf(last.nanos() - before.nanos(), 9);
			if (elapsed.signum() == 0) {
				return;
			}
			last.readings().forEach((name, reading) -> {
				Long earlier = before.readings().get(name);
				if (earlier != null && reading >= earlier) {
					BigDecimal cores = BigDecimal.valueOf(reading - earlier, 9)
						.divide(elapsed, 9, RoundingMode.HALF_UP);
					if (cores.compareTo(new BigDecimal("0.1")) > 0) {
						this.prototype = this.prototype.add(cores.multiply(BigDecimal.TEN));
					}
				}
			});
		}

		synchronized BigDecimal total() {
			long running = this.current.values().stream().mapToLong(Long::longValue).sum();
			return BigDecimal.valueOf(this.finished + running, 9);
		}

		synchronized BigDecimal prototypeEstimate() {
			return this.prototype;
		}

		private record Snapshot(long nanos, Map<String, Long> readings) {
		}

	}

}
