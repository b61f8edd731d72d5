package org.gridfaas.containers.cgroup;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.gridfaas.common.cpu.CpuShares;

/**
 * One container's CPU control group: where its processes are placed, how much CPU they
 * may use, and how much they used. Usage is the kernel's cumulative counter, never an
 * estimate from sampled rates, so the difference of two readings is exactly the CPU used
 * between them.
 */
public interface CpuCgroup {

	/**
	 * Writes its own PID to each procs file given before {@code --}, then execs the rest:
	 * a fixed script with arguments, never interpolated.
	 */
	String JOIN = "for f; do [ \"$f\" = -- ] && break; echo $$ > \"$f\" || exit 125; shift; done; shift; exec \"$@\"";

	/** The files a process writes its PID to, to join this group (one per hierarchy). */
	List<Path> procsFiles();

	/**
	 * A command prefix that puts the command after it in this group before it starts: so
	 * it, and everything it forks, is in the group from its first instruction.
	 */
	default List<String> joinCommand() {
		List<String> command = new java.util.ArrayList<>(List.of("/bin/sh", "-c", JOIN, "join"));
		procsFiles().forEach((file) -> command.add(file.toString()));
		command.add("--");
		return command;
	}

	/** CPU time used by all processes ever in this group (user + system). */
	Duration usage();

	/** The limit in force; empty when unlimited. */
	Optional<CpuShares> limit();

	/** Limits the group to {@code shares} per CFS period. */
	void setLimit(CpuShares shares);

	/** Lifts the limit. */
	void removeLimit();

	/**
	 * Sets the memory and process limits, where the host's cgroups have those
	 * controllers.
	 */
	void setResourceLimits(ResourceLimits limits);

	/** How many processes the kernel killed in this group for exceeding its memory. */
	long oomKills();

	/** How often and how long the group was held back by its limit. */
	Throttling throttling();

	/** PIDs of the processes in the group now. */
	List<Long> pids();

	/**
	 * Kills every process in the group and removes it.
	 * @return the group's final usage, read once its last process is dead, so nothing it
	 * used goes unaccounted
	 */
	Duration destroy();

	/**
	 * Throttling counters from {@code cpu.stat}.
	 *
	 * @param periods CFS periods with runnable tasks
	 * @param throttledPeriods periods in which the group hit its limit
	 * @param throttledTime total time held back
	 */
	record Throttling(long periods, long throttledPeriods, Duration throttledTime) {
	}

}
