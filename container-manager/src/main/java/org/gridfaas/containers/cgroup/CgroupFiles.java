package org.gridfaas.containers.cgroup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.function.Supplier;

/** Reading and writing cgroup control files, which hold one value or key-value lines. */
final class CgroupFiles {

	private CgroupFiles() {
	}

	static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.US_ASCII).strip();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + file, ex);
		}
	}

	static long readLong(Path file) {
		return Long.parseLong(read(file));
	}

	/** Parses {@code key value} lines, such as {@code cpu.stat}. */
	static Map<String, Long> readKeyed(Path file) {
		return read(file).lines()
			.map((line) -> line.split("\\s+"))
			.filter((parts) -> parts.length == 2)
			.collect(Collectors.toMap((parts) -> parts[0], (parts) -> Long.parseLong(parts[1])));
	}

	static void write(Path file, String value) {
		try {
			Files.writeString(file, value, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write '" + value + "' to " + file, ex);
		}
	}

	static List<Long> readPids(Path procs) {
		if (!Files.exists(procs)) {
			return List.of();
		}
		return read(procs).lines().filter((line) -> !line.isBlank()).map(Long::valueOf).toList();
	}

	/**
	 * Kills the processes listed in {@code procs} until none is left, then removes the
	 * group folders. Processes may fork while being killed, so it loops.
	 */
	static Duration killAllAndRemove(Supplier<Duration> usage, Path procs, List<Path> folders) {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
		List<Long> pids = readPids(procs);
		while (!pids.isEmpty()) {
			for (long pid : pids) {
				ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
			}
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException("Processes " + pids + " in " + procs.getParent() + " survive SIGKILL");
			}
			sleep();
			pids = readPids(procs);
		}
		Duration finalUsage = usage.get();
		List<IOException> failures = new ArrayList<>();
		for (Path folder : folders) {
			removeWhenEmptied(folder, deadline, failures);
		}
		if (!failures.isEmpty()) {
			throw new UncheckedIOException("Cannot remove cgroup " + folders, failures.get(0));
		}
		return finalUsage;
	}

	private static void removeWhenEmptied(Path folder, Instant deadline, List<IOException> failures) {
		// The kernel refuses rmdir for a moment after the last process exits (EBUSY).
		while (true) {
			try {
				Files.deleteIfExists(folder);
				return;
			}
			catch (NoSuchFileException ex) {
				return;
			}
			catch (IOException ex) {
				if (Instant.now().isAfter(deadline)) {
					failures.add(ex);
					return;
				}
				sleep();
			}
		}
	}

	private static void sleep() {
		try {
			Thread.sleep(20);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while emptying a cgroup", ex);
		}
	}

}
