package org.gridfaas.containers.runtime.apptainer;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.gridfaas.containers.runtime.RuntimeFailure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcessRunnerTests {

	ProcessRunner runner = new ProcessRunner(Map.of("PATH", "/usr/bin:/bin"));

	@Test
	void outputAndExitCodeAreCaptured() {
		CommandResult result = this.runner.run(List.of("sh", "-c", "echo out; echo err >&2"), Duration.ofSeconds(5));
		assertThat(result).isEqualTo(new CommandResult(0, "out\n", "err\n"));
	}

	@Test
	void aNonZeroExitIsAFailureCarryingItsCodeAndErrors() {
		assertThatThrownBy(() -> this.runner.run(List.of("sh", "-c", "echo FATAL: no such image >&2; exit 255"),
				Duration.ofSeconds(5)))
			.isInstanceOfSatisfying(CommandFailedException.class, (failure) -> {
				assertThat(failure.result().exitCode()).isEqualTo(255);
				assertThat(failure.timedOut()).isFalse();
				assertThat(failure).hasMessageContaining("exit code 255").hasMessageContaining("no such image");
			});
	}

	@Test
	void aCommandOverItsTimeoutIsKilledAndSaysSo() {
		assertThatThrownBy(() -> this.runner.run(List.of("sleep", "30"), Duration.ofMillis(200)))
			.isInstanceOfSatisfying(CommandFailedException.class, (failure) -> assertThat(failure.timedOut()).isTrue());
	}

	@Test
	void aMissingProgramIsAClearFailure() {
		assertThatThrownBy(() -> this.runner.run(List.of("/nonexistent/apptainer"), Duration.ofSeconds(5)))
			.isInstanceOf(RuntimeFailure.class)
			.hasMessageContaining("Cannot run /nonexistent/apptainer");
	}

	@Test
	void onlyTheGivenEnvironmentReachesTheCommand() {
		assertThat(this.runner.run(List.of("env"), Duration.ofSeconds(5)).stdout()).isEqualTo("PATH=/usr/bin:/bin\n");
	}

}
