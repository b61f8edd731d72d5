package org.gridfaas.containers.runtime.apptainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

import org.gridfaas.common.cpu.CpuShares;
import org.gridfaas.common.naming.ContainerName;
import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.containers.cgroup.Cgroups;
import org.gridfaas.containers.cgroup.ResourceLimits;
import org.gridfaas.containers.image.TestImages;
import org.gridfaas.containers.runtime.ContainerSpec;
import org.gridfaas.containers.runtime.ExecRequest;
import org.gridfaas.containers.runtime.ExecResult;
import org.gridfaas.containers.runtime.NetworkAccess;
import org.gridfaas.containers.runtime.ProcessRunner;
import org.gridfaas.containers.runtime.TenantFolders;
import org.gridfaas.containers.runtime.TenantIds;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The adapter against a real Apptainer, on the same busybox SIF the other image tests
 * make. Apptainer cannot be installed on the build machines, so this runs only where an
 * {@code apptainer} is on the PATH ({@link ApptainerPathTests} covers the rest with a
 * stand-in).
 */
@EnabledIf("apptainerInstalled")
class ApptainerRuntimeTests {

	static boolean apptainerInstalled() {
		return !ApptainerRuntimeConfiguration.onPath("apptainer", System.getenv().getOrDefault("PATH", ""))
			.equals("apptainer");
	}

	@TempDir
	Path work;

	@Test
	void aTaskRunsInAnInstanceUnderItsCpuLimitAndTheInstanceStops() throws Exception {
		Path image = TestImages.busyboxSif(this.work, "Bootstrap: scratch\n");
		Cgroups cgroups = Cgroups.detect(Path.of("/sys/fs/cgroup"), "gridfaas-test", Cgroups.DEFAULT_PERIOD)
			.orElse(null);
		ProcessRunner runner = new ProcessRunner(Map.of("PATH", System.getenv("PATH")));
		TenantIds tenants = new TenantIds(268_435_456L, this.work.resolve("tenant-ids.properties"));
		ApptainerRuntime runtime = new ApptainerRuntime(new ApptainerCommands("apptainer"), runner,
				Optional.ofNullable(cgroups), Path.of("/sys/fs/cgroup"), tenants,
				TenantFolders.ofThisService(tenants.sandboxGroup()),
				new HostAccounts(Path.of("/etc/passwd"), "useradd", runner), this.work);
		ContainerName name = ContainerName.of("apptainer-test");
		runtime.start(new ContainerSpec(name, FunctionName.of("stress"), UserName.of("alice"), image, null,
				this.work.resolve("apptainer-test"), CpuShares.of(50), new ResourceLimits(DataSize.ofMegabytes(256),
						128, org.springframework.util.unit.DataSize.ofMegabytes(64)),
				NetworkAccess.NONE));
		try {
			assertThat(runtime.running()).contains(name);
			Path log = this.work.resolve("out.log");
			ExecResult result = runtime.exec(name, new ExecRequest(List.of("bash", "-c", "echo inside; exit 3"),
					Files.createDirectories(this.work.resolve("apptainer-test/tasks/t-1")), null, UserName.of("alice"),
					Map.of("PATH", "/usr/bin:/bin"), log, 1024 * 1024, Duration.ofSeconds(60), NetworkAccess.NONE));
			assertThat(result.exitCode()).isEqualTo(3);
			assertThat(Files.readString(log)).contains("inside");
			runtime.cgroup(name).ifPresent((group) -> assertThat(group.limit()).hasValue(CpuShares.of(50)));
		}
		finally {
			runtime.stop(name);
		}
		assertThat(runtime.running()).doesNotContain(name);
	}

}
