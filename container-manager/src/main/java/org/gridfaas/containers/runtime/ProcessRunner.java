package org.gridfaas.containers.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The one way the runtimes run an OS command: started with a clean environment, waited
 * for with a timeout, and killed with everything it started ({@link ProcessTrees}) when
 * it outlives it or the waiting thread is interrupted. Two forms: {@link #run}, a short
 * command (mount, useradd, the Apptainer CLI) whose output is kept; and {@link #runTask},
 * a task whose output goes to its log.
 */
public class ProcessRunner {

	private final Map<String, String> environment;

	/**
	 * @param environment the whole environment of every short command
	 */
	public ProcessRunner(Map<String, String> environment) {
		this.environment = Map.copyOf(environment);
	}

	/**
	 * Runs a short command to its end.
	 * @throws CommandFailedException when it exits non-zero or outlives the timeout
	 */
	public CommandResult run(List<String> command, Duration timeout) {
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().clear();
		builder.environment().putAll(this.environment);
		Process process = start(builder);
		CompletableFuture<String> stdout = read(process.getInputStream());
		CompletableFuture<String> stderr = read(process.getErrorStream());
		boolean exited = awaitOrKill(process, timeout, "running " + command.get(0));
		CommandResult result = new CommandResult(process.exitValue(), stdout.join(), stderr.join());
		if (!exited || result.exitCode() != 0) {
			throw new CommandFailedException(command, result, !exited);
		}
		return result;
	}

	/**
	 * Runs a long command (a step of an image build) to its end, its output appended to
	 * {@code log}, which keeps at most its last {@code logLimit} bytes.
	 * @return the exit code
	 * @throws CommandFailedException when it outlives the timeout (it is killed)
	 */
	public int runToLog(List<String> command, Path log, long logLimit, Duration timeout) {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
		builder.environment().clear();
		builder.environment().putAll(this.environment);
		Process process = start(builder);
		OutputTail output = OutputTail.drain(process.getInputStream(), log, logLimit);
		boolean exited = awaitOrKill(process, timeout, "running " + command.get(0));
		try {
			output.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (!exited) {
			throw new CommandFailedException(command, new CommandResult(-1, "", ""), true);
		}
		return process.exitValue();
	}

	/**
	 * Runs a task's command (its environment, folder and command line made by the runtime
	 * in {@code builder}), its output appended to the request's log up to the log limit.
	 * @param onStart told the process once it runs (to record its PID)
	 * @param onEnd told the process once it has ended, whatever way
	 */
	public static ExecResult runTask(ProcessBuilder builder, ExecRequest request, Consumer<ProcessHandle> onStart,
			Consumer<ProcessHandle> onEnd) {
		builder.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.PIPE)
			.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
		Instant started = Instant.now();
		Process process = start(builder);
		try {
			onStart.accept(process.toHandle());
			OutputTail output = OutputTail.drain(process.getInputStream(), request.log(), request.logLimit());
			boolean exited = awaitOrKill(process, request.timeout(), "a task ran");
			// Every process of the command died with it: the pipe closes now.
			long outputBytes = output.await();
			return new ExecResult(process.exitValue(), !exited, Duration.between(started, Instant.now()), outputBytes);
		}
		catch (InterruptedException ex) {
			ProcessTrees.kill(process.toHandle());
			Thread.currentThread().interrupt();
			throw new RuntimeFailure("Interrupted while a task ran; it was killed", ex);
		}
		finally {
			onEnd.accept(process.toHandle());
		}
	}

	private static Process start(ProcessBuilder builder) {
		try {
			return builder.start();
		}
		catch (IOException ex) {
			throw new RuntimeFailure("Cannot run " + builder.command().get(0) + ": " + ex.getMessage(), ex);
		}
	}

	/** Whether it exited by itself within the timeout; else it is killed, and gone. */
	private static boolean awaitOrKill(Process process, Duration timeout, String during) {
		try {
			if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				return true;
			}
			ProcessTrees.kill(process.toHandle());
			process.waitFor();
			return false;
		}
		catch (InterruptedException ex) {
			ProcessTrees.kill(process.toHandle());
			Thread.currentThread().interrupt();
			throw new RuntimeFailure("Interrupted while " + during + "; it was killed", ex);
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
