package org.gridfaas.containers.runtime.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.gridfaas.common.cpu.CpuShares;
import org.gridfaas.common.naming.ContainerName;
import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.containers.cgroup.Cgroups;
import org.gridfaas.containers.cgroup.CpuCgroup;
import org.gridfaas.containers.runtime.ContainerSpec;
import org.gridfaas.containers.runtime.ExecRequest;
import org.gridfaas.containers.runtime.ExecResult;
import org.gridfaas.containers.runtime.NetworkAccess;
import org.gridfaas.containers.runtime.RuntimeFailure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The local runtime on the host's real cgroups and namespaces, as root. */
class LocalCgroupRuntimeTests {

	static final long LOG_LIMIT = 64 * 1024;

	static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin", "GRIDFAAS_TASK", "101.1-1.txt");

	@TempDir
	Path root;

	/** The container's folder. */
	Path work;

	/** One command's folder in it, and its log beside it. */
	Path task;

	Path log;

	String parent = "gridfaas-test-" + UUID.randomUUID().toString().substring(0, 8);

	Cgroups cgroups;

	LocalCgroupRuntime runtime;

	ContainerName container = ContainerName.of("stress");

	@BeforeEach
	void startContainer() throws Exception {
		assumeTrue("root".equals(System.getProperty("user.name")), "needs root for cgroups and setpriv");
		this.cgroups = Cgroups.detect(Path.of("/sys/fs/cgroup"), this.parent, Cgroups.DEFAULT_PERIOD).orElse(null);
		assumeTrue(this.cgroups != null, "cgroups are not writable here");
		this.runtime = LocalRuntimes.create(Optional.of(this.cgroups), this.root);
		this.work = this.root.resolve("stress");
		this.runtime.start(spec(CpuShares.of(200)));
		this.task = Files.createDirectories(this.work.resolve("tasks").resolve("t-1"));
		this.log = this.work.resolve("tasks").resolve("t-1.log");
	}

	ContainerSpec spec(CpuShares limit) {
		return new ContainerSpec(this.container, FunctionName.of("stress"), LocalRuntimes.OWNER, null, null, this.work,
				limit, LocalRuntimes.LIMITS, NetworkAccess.NONE);
	}

	@AfterEach
	void stopContainer() throws Exception {
		if (this.runtime != null) {
			this.runtime.stop(this.container);
			LocalRuntimes.removeParent(this.parent);
		}
	}

	@Test
	void aCommandRunsAsItsTenantsOwnHostUidInItsOwnPidNamespace() throws Exception {
		ExecResult result = exec(Duration.ofSeconds(10), "bash", "-c",
				"id -u; echo pid=$$; ls /proc | grep -c '^[0-9]'; touch /task/mine");
		assertThat(result.succeeded()).isTrue();
		List<String> lines = Files.readAllLines(this.log);
		assertThat(lines.get(0)).isEqualTo(Integer.toString(Sandbox.INNER_ID));
		assertThat(lines.get(1)).isEqualTo("pid=1");
		assertThat(Integer.parseInt(lines.get(2))).isLessThan(5);
		long tenantUid = LocalRuntimes.tenants(this.root).of(LocalRuntimes.OWNER).uid();
		assertThat(tenantUid).isGreaterThanOrEqualTo(268_435_456L + 65_536L);
		assertThat((Integer) Files.getAttribute(this.task.resolve("mine"), "unix:uid")).isEqualTo((int) tenantUid);
	}

	@Test
	void aCommandSeesOnlyTheEnvironmentItIsGiven() throws Exception {
		exec(Duration.ofSeconds(10), "env");
		// The shell adds PWD, the task's folder; nothing of the service's environment
		// passes.
		assertThat(Files.readAllLines(this.log)).containsExactlyInAnyOrder("PATH=/usr/bin:/bin",
				"GRIDFAAS_TASK=101.1-1.txt", "PWD=/task");
	}

	@Test
	void aCommandWritesItsWorkFolderButNotTheHost() throws Exception {
		ExecResult result = exec(Duration.ofSeconds(10), "bash", "-c",
				"echo result > result.txt && ! touch /etc/gridfaas-escape 2>/dev/null");
		assertThat(result.succeeded()).isTrue();
		assertThat(this.task.resolve("result.txt")).hasContent("result");
		assertThat(Path.of("/etc/gridfaas-escape")).doesNotExist();
	}

	@Test
	void aCommandThatPrintsWithoutEndLeavesOnlyTheEndOfItsOutputAndItsCount() throws Exception {
		ExecResult result = exec(Duration.ofSeconds(30), "bash", "-c",
				"head -c 5000000 /dev/zero | tr '\\0' x; echo; echo the-end");
		assertThat(result.succeeded()).as(() -> result + ": " + tail(this.log)).isTrue();
		assertThat(result.outputBytes()).isEqualTo(5_000_000 + 1 + 8);
		assertThat(Files.size(this.log)).isLessThanOrEqualTo(2 * LOG_LIMIT);
		assertThat(Files.readString(this.log)).endsWith("x\nthe-end\n");
	}

	@Test
	void theExitCodeIsReported() {
		ExecResult result = exec(Duration.ofSeconds(10), "bash", "-c", "exit 3");
		assertThat(result.exitCode()).isEqualTo(3);
		assertThat(result.timedOut()).isFalse();
		assertThat(result.succeeded()).isFalse();
	}

	@Test
	void aCommandOverItsTimeoutIsKilledWithEveryProcessItStarted() throws Exception {
		ExecResult result = exec(Duration.ofMillis(500), "bash", "-c", "sleep 300 & sleep 300 & wait");
		assertThat(result.timedOut()).isTrue();
		assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(5));
		// Killed processes leave the cgroup once their new parent (PID 1) has reaped
		// them.
		CpuCgroup group = this.runtime.cgroup(this.container).orElseThrow();
		for (int i = 0; i < 200 && !group.pids().isEmpty(); i++) {
			Thread.sleep(10);
		}
		assertThat(group.pids()).isEmpty();
	}

	@Test
	void cpuUsageIsMeasuredFromTheCgroupUnderItsLimit() {
		this.runtime.cgroup(this.container).orElseThrow().setLimit(CpuShares.of(50));
		Duration before = this.runtime.cpuUsage(this.container);
		exec(Duration.ofSeconds(10), "timeout", "2", "bash", "-c", "while :; do :; done");
		Duration used = this.runtime.cpuUsage(this.container).minus(before);
		assertThat(used.toMillis()).isBetween(800L, 1200L);
	}

	@Test
	void stoppingAContainerKillsWhatRunsInIt() throws Exception {
		CompletableFuture<ExecResult> sleeping = CompletableFuture
			.supplyAsync(() -> exec(Duration.ofMinutes(5), "sleep", "300"));
		Thread.sleep(300);
		this.runtime.stop(this.container);
		ExecResult result = sleeping.get(10, TimeUnit.SECONDS);
		assertThat(result.succeeded()).isFalse();
		assertThat(this.runtime.running()).doesNotContain(this.container);
		assertThatThrownBy(() -> exec(Duration.ofSeconds(1), "true")).isInstanceOf(RuntimeFailure.class)
			.hasMessageContaining("not running");
	}

	@Test
	void runningContainersAreFoundAgainByAFreshRuntime() {
		LocalCgroupRuntime afterRestart = LocalRuntimes.create(Optional.of(this.cgroups), this.root);
		assertThat(afterRestart.running()).containsExactly(this.container);
	}

	@Test
	void startingARunningContainerIsRefused() {
		assertThatThrownBy(() -> this.runtime.start(spec(CpuShares.of(100)))).isInstanceOf(RuntimeFailure.class);
	}

	private static String tail(Path log) {
		try {
			String text = Files.readString(log);
			return text.substring(Math.max(0, text.length() - 300));
		}
		catch (java.io.IOException ex) {
			return ex.toString();
		}
	}

	private ExecResult exec(Duration timeout, String... command) {
		return this.runtime.exec(this.container, new ExecRequest(List.of(command), this.task, null, LocalRuntimes.OWNER,
				ENV, this.log, LOG_LIMIT, timeout, NetworkAccess.NONE));
	}

}
