package org.gridfaas.containers.runtime.apptainer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.gridfaas.common.cpu.CpuShares;

import static org.assertj.core.api.Assertions.assertThat;

class ApptainerCommandsTests {

	ApptainerCommands commands = new ApptainerCommands("apptainer");

	@Test
	void anInstanceStartsWithStagingReadOnlyTheWorkFolderBoundAndItsCgroupLimits() {
		assertThat(this.commands.start("gridfaas.stress", Path.of("/w/stress/stress.sif"), Path.of("/w/stress/staging"),
				Path.of("/w/stress"), Path.of("/w/stress/cgroups.toml")))
			.containsExactly("apptainer", "instance", "start", "--cleanenv", "--no-home", "--apply-cgroups",
					"/w/stress/cgroups.toml", "--bind", "/w/stress:/w/stress", "--bind",
					"/w/stress/staging:/staging:ro", "/w/stress/stress.sif", "gridfaas.stress");
	}

	@Test
	void aTaskRunsInTheInstanceWithExactlyItsEnvironmentAndNoShell() {
		assertThat(this.commands.exec("gridfaas.stress", Path.of("/w/stress/tasks/t-1"),
				Map.of("PATH", "/usr/bin:/bin", "GRIDFAAS_TASK", "101.2-100.txt; rm -rf /"),
				List.of("bash", "/w/stress/tasks/t-1/process_task.sh", "in", "out")))
			.containsExactly("apptainer", "exec", "--cleanenv", "--pwd", "/w/stress/tasks/t-1", "--env",
					"GRIDFAAS_TASK=101.2-100.txt; rm -rf /", "--env", "PATH=/usr/bin:/bin",
					"instance://gridfaas.stress", "bash", "/w/stress/tasks/t-1/process_task.sh", "in", "out");
	}

	@Test
	void stopAndListNameTheInstance() {
		assertThat(this.commands.stop("gridfaas.stress")).containsExactly("apptainer", "instance", "stop",
				"gridfaas.stress");
		assertThat(this.commands.list()).containsExactly("apptainer", "instance", "list", "--json");
	}

	@Test
	void theCgroupsFileHoldsTheLimitAsAQuotaPerPeriod() {
		assertThat(ApptainerCommands.cgroupsToml(CpuShares.of(400), Duration.ofMillis(100)))
			.isEqualTo("[cpu]\n  period = 100000\n  quota = 400000\n");
	}

}
