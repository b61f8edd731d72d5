package org.gridfaas.containers.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.gridfaas.common.naming.ContainerName;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.containers.cgroup.CpuCgroup;

/**
 * Runs containers: one per function, started on demand, in which task commands run. The
 * task and pool logic know only this interface; configuration picks the adapter
 * (Apptainer in production, the local cgroup runtime where Apptainer is absent).
 */
public interface ContainerRuntime {

	/** Where a command sees its function's staging data, read-only. */
	Path STAGING = Path.of("/staging");

	/** A short name for logs and health, e.g. {@code local} or {@code apptainer}. */
	String kind();

	/**
	 * Starts a container and returns once it can run commands. Starting a container that
	 * runs already is an error.
	 */
	void start(ContainerSpec spec);

	/**
	 * Runs a command in a running container and waits for it. Output (stdout and stderr)
	 * goes to the request's log file. A command still running at the timeout is killed
	 * with all its processes, and the result says so.
	 * @throws RuntimeFailure when the command cannot be started at all
	 */
	ExecResult exec(ContainerName container, ExecRequest request);

	/**
	 * Where a command sees its own work folder: the paths of its command line and
	 * environment are given as the command sees them.
	 */
	Path taskFolderInside(Path workFolder);

	/**
	 * Who the owner's tasks run as on the host, so that whatever the service does with a
	 * task's files it does as the task's identity; empty where the service cannot change
	 * identity (not root) and tasks run as the service's own user.
	 */
	Optional<TenantIds.TenantId> tenant(UserName owner);

	/**
	 * How many of the container's processes the kernel killed for exceeding its memory,
	 * since it started; a task that ends while the count grows was one of them.
	 */
	long oomKills(ContainerName container);

	/**
	 * Stops a container, killing whatever still runs in it.
	 * @return the container's final CPU usage, read after its last process died; zero
	 * when it was not running
	 */
	Duration stop(ContainerName container);

	/** The containers of ours that run now, including ones started before a restart. */
	List<ContainerName> running();

	/**
	 * CPU time the container used since it started (all its processes, user + system).
	 */
	Duration cpuUsage(ContainerName container);

	/** The container's CPU cgroup, for limits; empty where limits are unavailable. */
	Optional<CpuCgroup> cgroup(ContainerName container);

}
