package org.gridfaas.containers.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.gridfaas.common.naming.UserName;

/**
 * Runs containers: one per function, started on demand, in which task commands run. It
 * owns them, as OpenWhisk's {@code ContainerFactory} does: a start hands out a
 * {@link RuntimeContainer}, and what a crashed run left behind comes back through
 * {@link #leftovers()}. The task and pool logic know only these interfaces; configuration
 * picks the adapter (Apptainer in production, the local cgroup runtime where Apptainer is
 * absent).
 */
public interface ContainerRuntime {

	/** Where a command sees its function's staging data, read-only. */
	Path STAGING = Path.of("/staging");

	/** A short name for logs and health, e.g. {@code local} or {@code apptainer}. */
	String kind();

	/**
	 * Starts a container and returns it once it can run commands. Starting a container
	 * that runs already is an error.
	 */
	RuntimeContainer start(ContainerSpec spec);

	/**
	 * The containers of ours an earlier run of the service left running (it was killed,
	 * or crashed), each with its cgroup and counters. The commands that ran in them are
	 * killed first: their bookkeeping died with that run.
	 */
	List<RuntimeContainer> leftovers();

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

}
