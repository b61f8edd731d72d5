package org.gridfaas.containers.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.gridfaas.common.naming.UserName;

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

	@Test
	void aTaskThatOutlivesItsTimeoutIsKilledWithWhatItStartedAndItsOutputIsInItsLog(@TempDir Path folder)
			throws Exception {
		Path log = Files.createFile(folder.resolve("task.log"));
		Path childPid = folder.resolve("child.pid");
		ProcessBuilder builder = new ProcessBuilder("sh", "-c",
				"echo started; sleep 60 & echo $! > " + childPid + "; wait");
		List<String> seen = new ArrayList<>();
		ExecResult result = ProcessRunner.runTask(builder, request(log, Duration.ofMillis(500)),
				(process) -> seen.add("start " + process.pid()), (process) -> seen.add("end " + process.pid()));
		assertThat(result.timedOut()).isTrue();
		assertThat(seen).hasSize(2).allSatisfy((event) -> assertThat(event).matches("(start|end) \\d+"));
		long child = Long.parseLong(Files.readString(childPid).strip());
		assertThat(ProcessHandle.of(child).map(ProcessTrees::running).orElse(false)).as("the child is gone too")
			.isFalse();
		assertThat(Files.readString(log)).isEqualTo("started\n");
		assertThat(result.outputBytes()).isEqualTo(8);
	}

	@Test
	void aTaskThatEndsByItselfGivesItsExitCode(@TempDir Path folder) throws Exception {
		Path log = Files.createFile(folder.resolve("task.log"));
		ExecResult result = ProcessRunner.runTask(new ProcessBuilder("sh", "-c", "echo out; echo err >&2; exit 3"),
				request(log, Duration.ofSeconds(10)), (process) -> {
				}, (process) -> {
				});
		assertThat(result.timedOut()).isFalse();
		assertThat(result.exitCode()).isEqualTo(3);
		assertThat(Files.readString(log)).isEqualTo("out\nerr\n");
	}

	private static ExecRequest request(Path log, Duration timeout) {
		return new ExecRequest(List.of("unused"), log.getParent(), null, UserName.of("alice"), Map.of(), log, 4096,
				timeout, NetworkAccess.NONE);
	}

}
