package org.gridfaas.containers.runtime.apptainer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.gridfaas.containers.runtime.RuntimeFailure;

/**
 * Runs short OS commands (the {@code apptainer} CLI) and captures their output. Commands
 * are argument lists, never shell strings, and run with only the environment given.
 */
class ProcessRunner {

	private final Map<String, String> environment;

	ProcessRunner(Map<String, String> environment) {
		this.environment = Map.copyOf(environment);
	}

	/**
	 * Runs a command to its end.
	 * @throws CommandFailedException when it exits non-zero or outlives the timeout
	 */
	CommandResult run(List<String> command, Duration timeout) {
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().clear();
		builder.environment().putAll(this.environment);
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			throw new RuntimeFailure("Cannot run " + command.get(0) + ": " + ex.getMessage(), ex);
		}
		CompletableFuture<String> stdout = read(process.getInputStream());
		CompletableFuture<String> stderr = read(process.getErrorStream());
		try {
			boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (!exited) {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly().waitFor();
			}
			CommandResult result = new CommandResult(process.exitValue(), stdout.join(), stderr.join());
			if (!exited || result.exitCode() != 0) {
				throw new CommandFailedException(command, result, !exited);
			}
			return result;
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new RuntimeFailure("Interrupted while running " + command.get(0), ex);
		}
	}

	private static CompletableFuture<String> read(InputStream stream) {
		return CompletableFuture.supplyAsync(() -> {
			try (stream) {
				return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				return "";
			}
		});
	}

}
