package org.gridfaas.containers.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process of a running command, written beside the command's work folder when it
 * starts (not in it: the task may write there). If the service dies, its commands live on
 * as orphans; the next run finds them through these files and kills them before it adopts
 * their container. The start time is kept beside the PID so that a reused PID is never
 * mistaken for the command.
 */
public final class CommandPidFile {

	static final String SUFFIX = ".command.pid";

	private static final Logger log = LoggerFactory.getLogger(CommandPidFile.class);

	private CommandPidFile() {
	}

	/** Records a command that has just started in {@code workFolder}. */
	public static void record(Path workFolder, ProcessHandle process) {
		long started = process.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
		try {
			Files.writeString(fileOf(workFolder), process.pid() + " " + started + "\n", StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			// Only a later crash recovery needs it; the command itself can run.
			log.warn("Cannot record the PID of the command in {}: {}", workFolder, ex.getMessage());
		}
	}

	/** Forgets a command that has ended. */
	public static void remove(Path workFolder) {
		try {
			Files.deleteIfExists(fileOf(workFolder));
		}
		catch (IOException ex) {
			log.warn("Cannot delete {}: {}", fileOf(workFolder), ex.getMessage());
		}
	}

	private static Path fileOf(Path workFolder) {
		return workFolder.resolveSibling(workFolder.getFileName() + SUFFIX);
	}

	/**
	 * Kills every recorded command under {@code folder} that still runs, with all its
	 * processes, and waits until they are gone.
	 * @return the PIDs of the commands killed
	 */
	public static List<Long> killAllUnder(Path folder) {
		List<Long> killed = new ArrayList<>();
		if (!Files.isDirectory(folder)) {
			return killed;
		}
		try (Stream<Path> files = Files.walk(folder, 3)) {
			files.filter((file) -> file.getFileName().toString().endsWith(SUFFIX))
				.map(CommandPidFile::liveCommand)
				.flatMap(Optional::stream)
				.forEach((command) -> {
					ProcessTrees.kill(command);
					killed.add(command.pid());
				});
		}
		catch (IOException ex) {
			log.warn("Cannot look for leftover commands under {}: {}", folder, ex.getMessage());
		}
		return killed;
	}

	private static Optional<ProcessHandle> liveCommand(Path file) {
		try {
			String[] fields = Files.readString(file, StandardCharsets.US_ASCII).strip().split(" ");
			long pid = Long.parseLong(fields[0]);
			long started = Long.parseLong(fields[1]);
			return ProcessHandle.of(pid)
				.filter((process) -> process.info()
					.startInstant()
					.map((instant) -> instant.toEpochMilli() == started)
					.orElse(false))
				.filter(ProcessTrees::running);
		}
		catch (IOException | RuntimeException ex) {
			log.warn("Ignoring unreadable {}: {}", file, ex.getMessage());
			return Optional.empty();
		}
	}

}
