package org.gridfaas.containers.runtime;

import java.time.Duration;
import java.util.Optional;

import org.gridfaas.common.cpu.CpuShares;
import org.gridfaas.common.naming.ContainerName;
import org.gridfaas.containers.cgroup.CpuCgroup;

/**
 * A container a {@link ContainerRuntime} started or adopted, as OpenWhisk's
 * {@code Container}: it runs commands, reports and limits its CPU, and stops. Its
 * processes, PID files and cgroup are the runtime's business; the pool knows only this.
 */
public interface RuntimeContainer {

	ContainerName name();

	/**
	 * Runs a command in the container and waits for it. Output (stdout and stderr) goes
	 * to the request's log file. A command still running at the timeout is killed with
	 * all its processes, and the result says so.
	 * @throws RuntimeFailure when the command cannot be started at all
	 */
	ExecResult exec(ExecRequest request);

	/**
	 * CPU time the container used since it started (all its processes, user + system).
	 */
	Duration cpuUsage();

	/** Its CPU cgroup, for scaling; empty where limits are unavailable. */
	Optional<CpuCgroup> cgroup();

	/** The CPU limit in force; empty when unlimited or limits are unavailable. */
	default Optional<CpuShares> cpuLimit() {
		return cgroup().flatMap(CpuCgroup::limit);
	}

	/** Limits its CPU, where limits are available. */
	default void setCpuLimit(CpuShares shares) {
		cgroup().ifPresent((group) -> group.setLimit(shares));
	}

	/**
	 * How many of its processes the kernel killed for exceeding its memory, since it
	 * started; a task that ends while the count grows was one of them.
	 */
	long oomKills();

	/** Whether it still runs (an instance may die, a cgroup be removed by hand). */
	boolean isRunning();

	/**
	 * Stops it, killing whatever still runs in it.
	 * @return its final CPU usage, read after its last process died; zero when it was not
	 * running
	 */
	Duration stop();

}
