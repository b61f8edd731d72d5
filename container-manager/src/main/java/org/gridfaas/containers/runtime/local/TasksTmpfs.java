package org.gridfaas.containers.runtime.local;

import java.nio.file.Path;

import org.gridfaas.containers.runtime.Mounts;
import org.springframework.util.unit.DataSize;

/**
 * A container's {@code tasks/} folder as a tmpfs of the container's disk size, so that
 * what its tasks write (and their inputs) can never fill the host's disk: a task past it
 * gets "No space left on device". The pages count against the memory of whoever writes
 * them, so a task's files count against its container's memory limit too. Mounted by root
 * only; a service that is not root keeps a plain folder.
 */
final class TasksTmpfs {

	private final boolean root;

	private final long sandboxGroup;

	TasksTmpfs(boolean root, long sandboxGroup) {
		this.root = root;
		this.sandboxGroup = sandboxGroup;
	}

	/** Mounts the tmpfs over {@code folder}, unless one is mounted there already. */
	void mount(Path folder, DataSize size) {
		if (!this.root || Mounts.mounted(folder)) {
			return;
		}
		Mounts.tmpfs(folder, size.toBytes(), "mode=0710,uid=0,gid=" + this.sandboxGroup, false);
	}

	/** Unmounts it, if mounted; what was in it is gone. */
	void unmount(Path folder) {
		if (this.root) {
			Mounts.unmount(folder);
		}
	}

}
