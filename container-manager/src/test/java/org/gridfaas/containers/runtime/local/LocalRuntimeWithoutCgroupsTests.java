package org.gridfaas.containers.runtime.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.gridfaas.common.cpu.CpuShares;
import org.gridfaas.common.naming.ContainerName;
import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.containers.runtime.ContainerSpec;
import org.gridfaas.containers.runtime.ExecRequest;
import org.gridfaas.containers.runtime.NetworkAccess;
import org.gridfaas.containers.runtime.ExecResult;

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
	void cpuIsMeasuredFromTheProcessTreeOfEachTask() {
		exec(Duration.ofSeconds(10), "bash", "-c",
				"timeout 1 bash -c 'while :; do :; done' & timeout 1 bash -c 'while :; do :; done' & wait");
		long millis = this.runtime.cpuUsage(this.container).toMillis();
		// Two busy children for 1 s on 2 cores: about 2 s, measured in 10 ms ticks.
		assertThat(millis).isBetween(1500L, 2300L);
		exec(Duration.ofSeconds(10), "timeout", "1", "bash", "-c", "while :; do :; done");
		assertThat(this.runtime.cpuUsage(this.container).toMillis()).isGreaterThan(millis + 700);
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
