package org.gridfaas.containers.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.gridfaas.common.cpu.CpuShares;
import org.gridfaas.containers.cgroup.Cgroups;
import org.gridfaas.containers.cgroup.CpuCgroup;
import org.gridfaas.containers.scaling.CgroupScaling;
import org.gridfaas.containers.scaling.Limits;
import org.gridfaas.containers.scaling.ScalingProperties;
import org.gridfaas.containers.scaling.ScalingProperties.Mode;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Replays the seed experiment's load (experiment0's steps of one core, capped at this
 * machine's two cores) at ten times its speed (one-second windows, events living ten
 * seconds) on a real cgroup, under both scaling modes, and reports slack, throttling and
 * how long a step up takes to be covered. Run with {@code bench/run scaling}; figures go
 * to {@code bench/results/scaling.md}.
 */
@Tag("bench")
class ScalingBenchmark {

	/**
	 * Cores demanded and for how many windows: experiment0's first and second batches.
	 */
	static final int[][] TRACE = { { 1, 15 }, { 2, 10 }, { 2, 20 }, { 1, 20 }, { 0, 4 }, { 2, 8 }, { 1, 15 }, { 2, 10 },
			{ 1, 15 } };

	static final Limits LIMITS = new Limits(CpuShares.of(200), CpuShares.of(0), CpuShares.of(25));

	static final Duration WINDOW = Duration.ofSeconds(1);

	@Test
	void bothModesOnTheSeedTrace() throws Exception {
		String parent = "gridfaas-bench-" + UUID.randomUUID().toString().substring(0, 8);
		Cgroups cgroups = Cgroups.detect(Path.of("/sys/fs/cgroup"), parent, Cgroups.DEFAULT_PERIOD).orElse(null);
		assumeTrue(cgroups != null, "cgroups are not writable here");
		List<String> lines = new ArrayList<>();
		lines.add("# Scaling benchmark");
		lines.add("");
		lines.add("Run " + Instant.now() + " on " + Runtime.getRuntime().availableProcessors() + " cores. The seed's "
				+ "experiment0 load as steps of one core (bash busy loops), capped at 2 cores, at 10x speed: "
				+ "1 s windows, events living 10 s; max 200, min 0, boundary 25 (floor 50).");
		lines.add("");
		lines.add("| mode | slack = sum(allocated - used) / sum(used) | throttled periods | throttled time / run time "
				+ "| windows to cover a step up (mean, max) |");
		lines.add("|---|---|---|---|---|");
		Result faithful;
		Result improved;
		try {
			faithful = run(cgroups, Mode.FAITHFUL);
			improved = run(cgroups, Mode.IMPROVED);
		}
		finally {
			for (String hierarchy : java.util.List.of("cpu", "cpuacct", "memory", "pids")) {
				Files.deleteIfExists(Path.of("/sys/fs/cgroup", hierarchy, parent));
			}
		}
		lines.add(faithful.row());
		lines.add(improved.row());
		lines.add("");
		lines.add(String.format(Locale.ROOT,
				"Improved / faithful slack: %.0f %% (target <= 60 %%); throttled time: %.2f %% vs %.2f %% (target: no more).",
				100 * improved.slack() / faithful.slack(), 100 * improved.throttledTimeShare(),
				100 * faithful.throttledTimeShare()));
		lines.add("");
		lines.add("Per window (demand, allocated, used), faithful then improved:");
		lines.add("");
		lines.add("```");
		lines.add("faithful " + faithful.trace());
		lines.add("improved " + improved.trace());
		lines.add("```");
		Path results = Path.of("../bench/results");
		Files.createDirectories(results);
		Files.write(results.resolve("scaling.md"), lines);
		lines.forEach(System.out::println);
	}

	private Result run(Cgroups cgroups, Mode mode) throws Exception {
		CpuCgroup group = cgroups.create(mode.name().toLowerCase(Locale.ROOT),
				new org.gridfaas.containers.cgroup.ResourceLimits(
						org.springframework.util.unit.DataSize.ofMegabytes(256), 128,
						org.springframework.util.unit.DataSize.ofMegabytes(64)));
		group.setLimit(LIMITS.max());
		CgroupScaling scaling = CgroupScaling
			.of(new ScalingProperties(mode, WINDOW, Duration.ofSeconds(10), 2, 6, 75, false, 3, false));
		List<Process> loops = new ArrayList<>();
		long allocatedMinusUsed = 0;
		long used = 0;
		List<Integer> coverWindows = new ArrayList<>();
		StringBuilder trace = new StringBuilder();
		CpuCgroup.Throttling before = group.throttling();
		Instant started = Instant.now();
		scaling.step(group, LIMITS, false, started);
		try {
			int previousDemand = 0;
			for (int[] step : TRACE) {
				int demand = step[0];
				while (loops.size() < demand) {
					loops.add(busyLoopIn(group));
				}
				while (loops.size() > demand) {
					loops.remove(loops.size() - 1).destroyForcibly().waitFor();
				}
				Integer coveredAfter = (demand > previousDemand) ? null : -1;
				for (int window = 1; window <= step[1]; window++) {
					Thread.sleep(WINDOW.toMillis());
					CgroupScaling.Step measured = scaling.step(group, LIMITS, false, Instant.now()).orElseThrow();
					allocatedMinusUsed += measured.allocated().value() - measured.used();
					used += measured.used();
					trace.append(demand)
						.append('/')
						.append(measured.allocated().value())
						.append('/')
						.append(measured.used())
						.append(' ');
					if (coveredAfter == null && measured.allocated().value() >= demand * 100 - 10) {
						coveredAfter = window;
						coverWindows.add(window);
					}
				}
				if (coveredAfter == null) {
					coverWindows.add(step[1] + 1);
				}
				previousDemand = demand;
			}
		}
		finally {
			loops.forEach(Process::destroyForcibly);
		}
		Duration elapsed = Duration.between(started, Instant.now());
		CpuCgroup.Throttling after = group.throttling();
		group.destroy();
		long periods = after.periods() - before.periods();
		long throttled = after.throttledPeriods() - before.throttledPeriods();
		Duration throttledTime = after.throttledTime().minus(before.throttledTime());
		return new Result(mode, allocatedMinusUsed / (double) used, throttled, periods,
				throttledTime.toNanos() / (double) elapsed.toNanos(), coverWindows, trace.toString().strip());
	}

	private static Process busyLoopIn(CpuCgroup group) throws Exception {
		List<String> command = new ArrayList<>(List.of("/bin/sh", "-c",
				"for f; do [ \"$f\" = -- ] && break; echo $$ > \"$f\"; shift; done; shift; exec \"$@\"", "join"));
		group.procsFiles().forEach((file) -> command.add(file.toString()));
		command.addAll(List.of("--", "bash", "-c", "while :; do :; done"));
		return new ProcessBuilder(command).start();
	}

	record Result(Mode mode, double slack, long throttledPeriods, long periods, double throttledTimeShare,
			List<Integer> coverWindows, String trace) {

		String row() {
			double mean = this.coverWindows.stream().mapToInt(Integer::intValue).average().orElse(0);
			int max = this.coverWindows.stream().mapToInt(Integer::intValue).max().orElse(0);
			return String.format(Locale.ROOT, "| %s | %.1f %% | %d of %d (%.1f %%) | %.2f %% | %.1f, %d |",
					this.mode.name().toLowerCase(Locale.ROOT), 100 * this.slack, this.throttledPeriods, this.periods,
					100.0 * this.throttledPeriods / Math.max(1, this.periods), 100 * this.throttledTimeShare, mean,
					max);
		}

	}

}
