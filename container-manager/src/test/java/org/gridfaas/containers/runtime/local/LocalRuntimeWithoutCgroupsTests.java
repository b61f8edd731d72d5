package org.gridfaas.containers.runtime.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.gridfaas.common.cpu.CpuShares;
import org.gridfaas.common.naming.ContainerName;
import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.containers.runtime.ContainerSpec;
import org.gridfaas.containers.runtime.ExecRequest;
import org.gridfaas.containers.runtime.ExecResult;
import org.gridfaas.containers.runtime.NetworkAccess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local runtime where cgroups are not writable: tasks still run, CPU is measured from
 * process trees.
 */
class LocalRuntimeWithoutCgroupsTests {

	@TempDir
	Path parent;

	Path work;

	LocalCgroupRuntime runtime;

	Path task;

	ContainerName container = ContainerName.of("stress");

	@BeforeEach
	void start() throws Exception {
		this.runtime = LocalRuntimes.create(Optional.empty(), this.parent);
		this.work = this.parent.resolve("stress");
		this.runtime.start(new ContainerSpec(this.container, FunctionName.of("stress"), LocalRuntimes.OWNER, null, null,
				this.work, CpuShares.of(100), LocalRuntimes.LIMITS, NetworkAccess.NONE));
		this.task = Files.createDirectories(this.work.resolve("tasks").resolve("t-1"));
	}

	@AfterEach
	void stop() {
		this.runtime.stop(this.container);
	}

	@Test
	void tasksRunWithoutLimitsAndTheContainerHasNoCgroup() {
		ExecResult result = exec(Duration.ofSeconds(10), "bash", "-c", "echo ran");
		assertThat(result.succeeded()).isTrue();
		assertThat(this.runtime.cgroup(this.container)).isEmpty();
		assertThat(this.runtime.running()).containsExactly(this.container);
	}

	@Test
	void cpuIsMeasuredFromTheProcessTreeOfEachTask() throws Exception {
		// Two busy children for up to 1 s; the task's shell reports, with bash's `times`,
		// the CPU it and its children used, whatever share of the cores they were
		// granted.
		exec(Duration.ofSeconds(10), "bash", "-c",
				"for i in 1 2; do timeout 1 bash -c 'while :; do :; done' & done; wait; times");
		long reported = reportedCpuMillis();
		long millis = this.runtime.cpuUsage(this.container).toMillis();
		assertThat(reported).as("the busy loops ran").isGreaterThan(200);
		// Measured in 10 ms ticks, per process, with timeout's own few ticks on top.
		assertThat(millis).isBetween(reported - 30, reported + 150);

		exec(Duration.ofSeconds(10), "bash", "-c", "timeout 1 bash -c 'while :; do :; done'; times");
		assertThat(this.runtime.cpuUsage(this.container).toMillis() - millis).as("the second task's CPU adds")
			.isBetween(reportedCpuMillis() - 30, reportedCpuMillis() + 150);
	}

	/**
	 * The CPU the last task's shell reported, its own and its children's, in ms: the last
	 * two lines `times` printed to the log the tasks append to.
	 */
	private long reportedCpuMillis() throws Exception {
		Matcher times = Pattern.compile("(\\d+)m([\\d.]+)s (\\d+)m([\\d.]+)s")
			.matcher(Files.readString(this.parent.resolve("out.log")));
		List<Long> lines = new ArrayList<>();
		while (times.find()) {
			long millis = 0;
			for (int group = 1; group <= 3; group += 2) {
				millis += Long.parseLong(times.group(group)) * 60_000
						+ Math.round(Double.parseDouble(times.group(group + 1)) * 1000);
			}
			lines.add(millis);
		}
		assertThat(lines).as("times printed the shell's and its children's CPU").hasSizeGreaterThanOrEqualTo(2);
		return lines.get(lines.size() - 1) + lines.get(lines.size() - 2);
	}

	@Test
	void readingsWhileATaskRunsGrowAndNeverFallBack() throws Exception {
		CompletableFuture<ExecResult> busy = CompletableFuture
			.supplyAsync(() -> exec(Duration.ofSeconds(10), "timeout", "2", "bash", "-c", "while :; do :; done"));
		Duration previous = Duration.ZERO;
		Thread.sleep(300);
		while (!busy.isDone()) {
			Duration now = this.runtime.cpuUsage(this.container);
			assertThat(now).isGreaterThanOrEqualTo(previous);
			previous = now;
			Thread.sleep(50);
		}
		assertThat(previous).isGreaterThan(Duration.ofMillis(1000));
		assertThat(this.runtime.cpuUsage(this.container)).isGreaterThanOrEqualTo(previous);
	}

	@Test
	void stoppingKillsRunningTasksAndReturnsTheCpuUsed() throws Exception {
		CompletableFuture<ExecResult> sleeping = CompletableFuture
			.supplyAsync(() -> exec(Duration.ofMinutes(1), "sleep", "60"));
		Thread.sleep(300);
		assertThat(this.runtime.stop(this.container)).isGreaterThanOrEqualTo(Duration.ZERO);
		assertThat(sleeping.get(10, TimeUnit.SECONDS).succeeded()).isFalse();
		assertThat(this.runtime.running()).isEmpty();
	}

	private ExecResult exec(Duration timeout, String... command) {
		return this.runtime.exec(this.container,
				new ExecRequest(List.of(command), this.task, null, LocalRuntimes.OWNER, Map.of("PATH", "/usr/bin:/bin"),
						this.parent.resolve("out.log"), 1024 * 1024, timeout, NetworkAccess.NONE));
	}

}
