package org.gridfaas.containers.cgroup;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.gridfaas.common.cpu.CpuShares;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The cgroup layer on the host's real cgroup v1 hierarchy, with a real CPU load. Skipped
 * where cgroups are not writable (not root, or v2 only).
 */
class CgroupsV1Tests {

	/** A parent of its own, so that what one test leaves cannot fail another. */
	final String parent = "gridfaas-test-" + UUID.randomUUID().toString().substring(0, 8);

	Cgroups cgroups;

	CpuCgroup group;

	@BeforeEach
	void createGroup() {
		this.cgroups = Cgroups.detect(Path.of("/sys/fs/cgroup"), this.parent, Cgroups.DEFAULT_PERIOD)
			.filter((found) -> found.version() == Cgroups.Version.V1)
			.orElse(null);
		assumeTrue(this.cgroups != null, "cgroup v1 cpu and cpuacct are not writable here");
		this.group = this.cgroups.create("t-" + UUID.randomUUID().toString().substring(0, 8),
				new org.gridfaas.containers.cgroup.ResourceLimits(
						org.springframework.util.unit.DataSize.ofMegabytes(256), 128,
						org.springframework.util.unit.DataSize.ofMegabytes(64)));
	}

	@AfterEach
	void destroyGroup() throws Exception {
		if (this.group != null) {
			this.group.destroy();
		}
		this.cgroups.removeParent();
	}

	@Test
	void aLimitIsWrittenAsAQuotaPerPeriodAndReadBack() {
		assertThat(this.group.limit()).isEmpty();
		this.group.setLimit(CpuShares.of(150));
		assertThat(this.group.limit()).hasValue(CpuShares.of(150));
		this.group.removeLimit();
		assertThat(this.group.limit()).isEmpty();
	}

	@Test
	void aBusyProcessUnderAHalfCoreLimitUsesHalfACoreAndIsThrottled() throws Exception {
		this.group.setLimit(CpuShares.of(50));
		Duration before = this.group.usage();
		Process busy = startIn(this.group, "timeout", "2", "bash", "-c", "while :; do :; done");
		awaitJoined(this.group);
		busy.waitFor();
		Duration used = this.group.usage().minus(before);
		assertThat(used.toMillis()).isBetween(800L, 1200L);
		assertThat(this.group.throttling().throttledPeriods()).isPositive();
		assertThat(this.group.throttling().throttledTime()).isPositive();
	}

	@Test
	void usageIsCumulativeAndKeepsTheCpuOfExitedProcesses() throws Exception {
		startIn(this.group, "bash", "-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done").waitFor();
		Duration first = this.group.usage();
		startIn(this.group, "bash", "-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done").waitFor();
		assertThat(first).isPositive();
		assertThat(this.group.usage()).isGreaterThan(first.plus(first.dividedBy(2)));
	}

	@Test
	void destroyKillsEveryProcessAndRemovesTheGroup() throws Exception {
		Process sleeper = startIn(this.group, "bash", "-c", "sleep 300 & sleep 300 & wait");
		Thread.sleep(200);
		assertThat(this.group.pids()).hasSizeGreaterThanOrEqualTo(3);
		String name = this.cgroups.list()
			.stream()
			.filter((n) -> this.group.toString().endsWith(n))
			.findFirst()
			.orElseThrow();
		this.group.destroy();
		assertThat(sleeper.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
		assertThat(this.cgroups.find(name)).isEmpty();
		this.group = null;
	}

	@Test
	void destroyAlsoKillsAProcessCaughtBetweenJoiningTheCpuAndTheCpuacctGroup() throws Exception {
		// A command joins the two hierarchies one after the other; destroy may come in
		// between, when only the cpu group lists it.
		Path cpuProcs = this.group.procsFiles().get(0);
		Process halfJoined = new ProcessBuilder("/bin/sh", "-c", "echo $$ > \"$1\"; exec sleep 300", "join",
				cpuProcs.toString())
			.start();
		for (int i = 0; i < 100 && CgroupFiles.readPids(cpuProcs).isEmpty(); i++) {
			Thread.sleep(10);
		}
		assertThat(CgroupFiles.readPids(cpuProcs)).containsExactly(halfJoined.pid());
		assertThat(this.group.pids()).isEmpty();
		this.group.destroy();
		assertThat(halfJoined.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
		assertThat(cpuProcs.getParent()).doesNotExist();
		this.group = null;
	}

	static void awaitJoined(CpuCgroup group) throws InterruptedException {
		for (int i = 0; i < 100 && group.pids().isEmpty(); i++) {
			Thread.sleep(10);
		}
		assertThat(group.pids()).as("processes in " + group).isNotEmpty();
	}

	/** Starts a command whose first process joins the group before it execs. */
	static Process startIn(CpuCgroup group, String... command) throws Exception {
		List<String> args = new ArrayList<>(List.of("/bin/sh", "-c",
				"for f; do [ \"$f\" = -- ] && break; echo $$ > \"$f\"; shift; done; shift; exec \"$@\"", "join"));
		group.procsFiles().forEach((file) -> args.add(file.toString()));
		args.add("--");
		args.addAll(List.of(command));
		return new ProcessBuilder(args).inheritIO().start();
	}

}
