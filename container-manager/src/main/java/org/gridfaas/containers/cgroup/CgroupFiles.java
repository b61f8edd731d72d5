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
import java.util.function.Supplier;
import java.util.stream.Collectors;

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
		try {
			return Files.readString(procs, StandardCharsets.US_ASCII)
				.lines()
				.filter((line) -> !line.isBlank())
				.map(Long::valueOf)
				.toList();
		}
		catch (NoSuchFileException ex) {
			return List.of();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + procs, ex);
		}
	}

	/**
	 * Kills every process in the groups until none is left, then removes the group
	 * folders and returns the usage read last. Processes may fork, or a command may join
	 * one hierarchy before the other, while the group is being destroyed; so each round
	 * kills whatever any procs file lists and tries the removal again.
	 */
	static Duration killAllAndRemove(Supplier<Duration> usage, List<Path> procsFiles, List<Path> folders) {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
		Duration lastUsage = Duration.ZERO;
		List<Path> remaining = new ArrayList<>(folders);
		while (true) {
			List<Long> pids = procsFiles.stream().flatMap((procs) -> readPids(procs).stream()).distinct().toList();
			pids.forEach((pid) -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
			if (pids.isEmpty()) {
				lastUsage = usageWhileThere(usage, lastUsage);
				// The kernel refuses rmdir for a moment after the last process exits
				// (EBUSY); the next round tries again.
				remaining.removeIf(CgroupFiles::removed);
				if (remaining.isEmpty()) {
					return lastUsage;
				}
			}
			if (Instant.now().isAfter(deadline)) {
				throw new UncheckedIOException("Cannot remove cgroup " + remaining,
						new IOException(pids.isEmpty() ? "still busy" : "processes " + pids + " survive SIGKILL"));
			}
			sleep();
		}
	}

	private static Duration usageWhileThere(Supplier<Duration> usage, Duration lastKnown) {
		try {
			return usage.get();
		}
		catch (UncheckedIOException ex) {
			return lastKnown;
		}
	}

	private static boolean removed(Path folder) {
		try {
			Files.deleteIfExists(folder);
			return true;
		}
		catch (NoSuchFileException ex) {
			return true;
		}
		catch (IOException ex) {
			return false;
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
