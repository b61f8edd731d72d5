package org.gridfaas.containers.runtime.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * CPU time from {@code /proc/<pid>/stat} where no cgroup counts it: a process's own user
 * and system time plus that of the children it has waited for ({@code utime},
 * {@code stime}, {@code cutime}, {@code cstime}). Resolution is one clock tick (10 ms at
 * the usual 100 Hz).
 */
final class ProcessTreeCpu {

	/** {@code sysconf(_SC_CLK_TCK)}: 100 on every Linux architecture gridfaas runs on. */
	static final long TICKS_PER_SECOND = 100;

	private ProcessTreeCpu() {
	}

	/** Parses a stat line into the process's and its waited-for children's CPU time. */
	static Duration parse(String stat) {
		// The command name (field 2) may hold spaces and parentheses: fields resume after
		// the last ')'.
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
		long ticks = 0;
		// After the name, field 14 (utime) is index 11; stime, cutime, cstime follow.
		for (int index = 11; index <= 14; index++) {
			ticks += Long.parseLong(fields[index]);
		}
		return Duration.ofMillis(ticks * 1000 / TICKS_PER_SECOND);
	}

	/** The CPU time of a live process and its waited-for children, if it still exists. */
	static Optional<Duration> of(long pid) {
		try {
			return Optional.of(parse(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))));
		}
		catch (IOException | RuntimeException ex) {
			return Optional.empty();
		}
	}

	/** The CPU time of a live process tree: each process with its waited-for children. */
	static Duration ofTree(ProcessHandle root) {
		Duration total = of(root.pid()).orElse(Duration.ZERO);
		for (ProcessHandle descendant : root.descendants().toList()) {
			total = total.plus(of(descendant.pid()).orElse(Duration.ZERO));
		}
		return total;
	}

}
