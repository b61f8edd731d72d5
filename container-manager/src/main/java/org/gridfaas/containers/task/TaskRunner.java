package org.gridfaas.containers.task;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.gridfaas.containers.container.ManagedContainer;
import org.gridfaas.containers.function.Function;
import org.gridfaas.containers.function.FunctionLayout;
import org.gridfaas.containers.runtime.ContainerRuntime;
import org.gridfaas.containers.runtime.ExecRequest;
import org.gridfaas.containers.runtime.ExecResult;
import org.gridfaas.containers.runtime.RuntimeFailure;
import org.gridfaas.containers.store.ObjectStore;
import org.gridfaas.containers.store.ObjectStoreException;
import org.springframework.util.FileSystemUtils;

/**
 * Runs one claimed task in its function's container, as the prototype's contract says:
 * {@code bash process_task.sh <task file> <output folder>}, exit 0 for success, every
 * file left in the output folder filed under {@code results/}. The task's own files live
 * in a folder of their own, removed afterwards.
 */
class TaskRunner {

	private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

	private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

	private final ContainerRuntime runtime;

	private final ObjectStore store;

	private final TaskStore tasks;

	private final TaskProperties properties;

	private final Clock clock;

	private final MeterRegistry meters;

	private final ResultCollector collector;

	private final FunctionScripts scripts;

	TaskRunner(ContainerRuntime runtime, ObjectStore store, FunctionScripts scripts, TaskStore tasks,
			TaskProperties properties, Clock clock, MeterRegistry meters) {
		this.runtime = runtime;
		this.scripts = scripts;
		this.collector = new ResultCollector("tar");
		this.store = store;
		this.tasks = tasks;
		this.properties = properties;
		this.clock = clock;
		this.meters = meters;
	}

	/**
	 * Runs the task and files the outcome while this worker holds its lease; never
	 * throws.
	 * @param executed told once the task's process has ended, before its outcome is filed
	 */
	void run(Function function, ManagedContainer container, TaskStore.Claim claim, Runnable executed) {
		TaskRecord task = claim.record();
		// The log is the service's: in the container's logs/, outside anything the task
		// sees or fills, so the task can neither replace it nor point it elsewhere.
		Path folder = container.tasksFolder().resolve(task.id() + "-" + task.attempts());
		Path logFile = container.workFolder().resolve("logs").resolve(folder.getFileName() + ".log");
		try {
			Path input = folder.resolve("input").resolve(task.id().value());
			Path output = folder.resolve("output");
			Files.createDirectories(input.getParent());
			Files.createDirectories(output);
			Files.createDirectories(logFile.getParent(),
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
			Files.deleteIfExists(logFile);
			Files.createFile(logFile,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			this.store.download(function.name().value(), TaskState.RUNNING.key(task.id()), input);
			Path script = folder.resolve("process_task.sh");
			if (this.scripts.of(function.name()).map((bytes) -> write(script, bytes)).isEmpty()) {
				fail(function, claim, null, "the function has no " + FunctionLayout.SCRIPT, logFile, 0);
				return;
			}
			Path inside = this.runtime.taskFolderInside(folder);
			long oomKillsBefore = container.runtime().oomKills();
			ExecResult result = container.runtime()
				.exec(new ExecRequest(
						List.of("bash", inside.resolve("process_task.sh").toString(),
								inside.resolve("input").resolve(task.id().value()).toString(),
								inside.resolve("output").toString()),
						folder, container.stagingFolder(), container.owner(), environment(function, task, inside),
						logFile, this.properties.maxLogSize().toBytes(), container.settings().taskTimeout(),
						function.network()));
			executed.run();
			boolean outOfMemory = !result.succeeded() && container.runtime().oomKills() > oomKillsBefore;
			record(function, result);
			if (container.stopping()) {
				settleStopped(function, container, claim, logFile);
			}
			else if (!result.succeeded() && containerVanished(container, result)) {
				// Killed with its container, not by its own fault: the attempt does not
				// count.
				this.tasks.requeue(claim, "its container vanished", this.clock.instant());
			}
			else if (result.succeeded()) {
				// The fence comes before the results: a worker that lost the lease
				// must not overwrite the results of the one that holds it.
				this.tasks.confirm(claim.lease());
				List<String> results = collectResults(function, container, task, output, logFile);
				this.tasks.succeed(claim, result.exitCode(), capped(logFile, result.outputBytes()), results,
						this.clock.instant());
			}
			else {
				String reason = result.timedOut()
						? "killed after its timeout of " + container.settings().taskTimeout().toSeconds() + " s"
						: outOfMemory ? "killed for exceeding its memory limit of "
								+ container.settings().memoryMax().toMegabytes() + " MB (exit code " + result.exitCode()
								+ ")" : "exited with code " + result.exitCode();
				appendLine(logFile, "gridfaas: task " + reason);
				fail(function, claim, result.timedOut() ? null : result.exitCode(), reason, logFile,
						result.outputBytes());
			}
		}
		catch (RuntimeFailure ex) {
			if (container.stopping()) {
				settleStopped(function, container, claim, logFile);
			}
			else if (!container.runtime().isRunning()) {
				this.tasks.requeue(claim, "its container vanished", this.clock.instant());
			}
			else {
				appendLine(logFile, "gridfaas: " + ex.getMessage());
				fail(function, claim, null, ex.getMessage(), logFile, 0);
			}
		}
		catch (LeaseLostException ex) {
			// The worker that holds the lease now runs or ran the task; its outcome
			// stands.
			log.warn("Task {}/{}: {}", function.name(), task.id(), ex.getMessage());
		}
		catch (ObjectStoreException | IOException | UncheckedIOException ex) {
			// Left in processing/: recovery puts it back once the store answers again.
			log.warn("Task {}/{} could not be filed: {}", function.name(), task.id(), ex.getMessage());
		}
		catch (RuntimeException ex) {
			log.error("Task {}/{} failed unexpectedly", function.name(), task.id(), ex);
		}
		finally {
			// Unless filed or lost, the lease is let go unrenewed, so that recovery puts
			// the task back once it expires.
			this.tasks.abandon(claim);
			deleteFolder(folder);
			deleteFolder(logFile);
			deleteFolder(tailOf(logFile));
		}
	}

	/**
	 * Whether a failed attempt died with its container rather than by itself. A signal
	 * death that was not our timeout may be the container going away, which takes a
	 * moment to show, so such a death gets a second to tell.
	 */
	private boolean containerVanished(ManagedContainer container, ExecResult result) {
		boolean killedBySignal = result.exitCode() >= 128 && !result.timedOut();
		Instant deadline = this.clock.instant().plusSeconds(killedBySignal ? 1 : 0);
		do {
			if (!container.runtime().isRunning()) {
				return true;
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		while (this.clock.instant().isBefore(deadline));
		return false;
	}

	private void settleStopped(Function function, ManagedContainer container, TaskStore.Claim claim, Path logFile) {
		if (container.requeueOnStop()) {
			this.tasks.requeue(claim, "its container was stopped", this.clock.instant());
		}
		else {
			appendLine(logFile, "gridfaas: its container was stopped");
			fail(function, claim, null, "its container was stopped", logFile, 0);
		}
	}

	private void fail(Function function, TaskStore.Claim claim, Integer exitCode, String reason, Path logFile,
			long outputBytes) {
		TaskRecord failed = this.tasks.fail(claim, function.settings().maxAttempts(), exitCode, reason,
				capped(logFile, outputBytes), this.clock.instant());
		log.info("Task {}/{} failed ({}); now {}", function.name(), claim.id(), reason,
				failed.state().name().toLowerCase());
	}

	private void record(Function function, ExecResult result) {
		Timer.builder("gridfaas.tasks.duration")
			.description("How long task attempts ran")
			.tag("function", function.name().value())
			.tag("outcome", result.succeeded() ? "succeeded" : result.timedOut() ? "timed_out" : "failed")
			.publishPercentileHistogram()
			.register(this.meters)
			.record(result.elapsed());
	}

	private static Map<String, String> environment(Function function, TaskRecord task, Path inside) {
		return Map.of("PATH", PATH, "HOME", inside.toString(), "LANG", "C.UTF-8", "GRIDFAAS_FUNCTION",
				function.name().value(), "GRIDFAAS_TASK", task.id().value(), "GRIDFAAS_ATTEMPT",
				Integer.toString(task.attempts()), "GRIDFAAS_STAGING", ContainerRuntime.STAGING.toString());
	}

	/**
	 * Files the task's results, read as its own identity; what was left out is logged.
	 * @return their keys
	 */
	private List<String> collectResults(Function function, ManagedContainer container, TaskRecord task, Path output,
			Path logFile) throws IOException {
		List<String> keys = new ArrayList<>();
		ResultCollector.Collected collected = this.collector.collect(this.runtime.tenant(container.owner()), output,
				(path, body, size) -> keys.add(this.tasks.putResult(function.name(), task.id(), path, body, size)));
		if (!collected.skipped().isEmpty()) {
			appendLine(logFile,
					"gridfaas: not filed (not a regular file, or an unsafe or too long name): " + collected.skipped());
		}
		return keys;
	}

	/**
	 * The log to file: as it is, or, when the output was longer than the log keeps (its
	 * last {@code maxLogSize} bytes, see
	 * {@link org.gridfaas.containers.runtime.OutputTail}), under a line that says so.
	 */
	private Path capped(Path logFile, long outputBytes) {
		long max = this.properties.maxLogSize().toBytes();
		if (outputBytes <= max) {
			return logFile;
		}
		Path tail = tailOf(logFile);
		try {
			Files.writeString(tail,
					"gridfaas: output was " + outputBytes + " bytes; only its last " + max + " are kept\n");
			try (OutputStream out = Files.newOutputStream(tail, StandardOpenOption.APPEND)) {
				Files.copy(logFile, out);
			}
			return tail;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path tailOf(Path logFile) {
		return logFile.resolveSibling(logFile.getFileName() + ".tail");
	}

	private static Path write(Path file, byte[] bytes) {
		try {
			return Files.write(file, bytes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void appendLine(Path file, String line) {
		try {
			Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			log.warn("Cannot append to {}: {}", file, ex.getMessage());
		}
	}

	private static void deleteFolder(Path folder) {
		if (!Files.exists(folder)) {
			return;
		}
		try {
			// Links in the folder are deleted, never followed.
			FileSystemUtils.deleteRecursively(folder);
		}
		catch (IOException ex) {
			log.warn("Cannot delete {}: {}", folder, ex.getMessage());
		}
	}

}
