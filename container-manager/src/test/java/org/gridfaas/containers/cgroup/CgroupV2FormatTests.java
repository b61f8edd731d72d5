package org.gridfaas.containers.cgroup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.gridfaas.common.cpu.CpuShares;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cgroup v2 file formats, on a tree laid out as the kernel does. The build machines
 * run cgroup v1, so the v2 files are a fixture here.
 */
class CgroupV2FormatTests {

	@TempDir
	Path mount;

	Cgroups cgroups;

	@BeforeEach
	void layOutAV2Tree() throws Exception {
		Files.writeString(this.mount.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
		Files.writeString(this.mount.resolve("cgroup.subtree_control"), "memory pids\n");
		this.cgroups = Cgroups.detect(this.mount, "gridfaas", Cgroups.DEFAULT_PERIOD).orElseThrow();
	}

	@Test
	void v2IsDetectedAndTheCpuControllerEnabledForOurGroups() throws Exception {
		assertThat(this.cgroups.version()).isEqualTo(Cgroups.Version.V2);
		assertThat(Files.readString(this.mount.resolve("cgroup.subtree_control"))).isEqualTo("+cpu");
	}

	@Test
	void usageComesFromUsageUsecInCpuStat() throws Exception {
		CpuCgroup group = kernelMade("stress");
		Files.writeString(this.mount.resolve("gridfaas/stress/cpu.stat"), """
				usage_usec 1234567
				user_usec 1000000
				system_usec 234567
				nr_periods 50
				nr_throttled 7
				throttled_usec 250000
				""");
		assertThat(group.usage()).isEqualTo(Duration.ofNanos(1_234_567_000L));
		assertThat(group.throttling()).isEqualTo(new CpuCgroup.Throttling(50, 7, Duration.ofMillis(250)));
	}

	@Test
	void theLimitIsWrittenToCpuMaxAsQuotaAndPeriod() throws Exception {
		CpuCgroup group = kernelMade("stress");
		Files.writeString(this.mount.resolve("gridfaas/stress/cpu.max"), "max 100000\n");
		assertThat(group.limit()).isEmpty();
		group.setLimit(CpuShares.of(250));
		assertThat(Files.readString(this.mount.resolve("gridfaas/stress/cpu.max"))).isEqualTo("250000 100000");
		assertThat(group.limit()).hasValue(CpuShares.of(250));
		group.removeLimit();
		assertThat(Files.readString(this.mount.resolve("gridfaas/stress/cpu.max"))).isEqualTo("max 100000");
	}

	@Test
	void theProcsFileIsTheOneInTheGroup() {
		assertThat(kernelMade("stress").procsFiles())
			.containsExactly(this.mount.resolve("gridfaas/stress/cgroup.procs"));
	}

	private CpuCgroup kernelMade(String name) {
		CpuCgroup group = this.cgroups.create(name,
				new org.gridfaas.containers.cgroup.ResourceLimits(
						org.springframework.util.unit.DataSize.ofMegabytes(256), 128,
						org.springframework.util.unit.DataSize.ofMegabytes(64)));
		try {
			Files.writeString(this.mount.resolve("gridfaas").resolve(name).resolve("cgroup.procs"), "");
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		return group;
	}

}
