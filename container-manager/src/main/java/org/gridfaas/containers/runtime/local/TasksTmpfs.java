package org.gridfaas.containers.runtime.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.gridfaas.containers.runtime.ProcessRunner;
import org.springframework.util.unit.DataSize;

/**
 * A container's {@code tasks/} folder as a tmpfs of the container's disk size, so that
 * what its tasks write (and their inputs) can never fill the host's disk: a task past it
 * gets "No space left on device". The pages count against the memory of whoever writes
 * them, so a task's files count against its container's memory limit too. Mounted by root
 * only; a service that is not root keeps a plain folder.
 */
final class TasksTmpfs {

	private static final Logger log = LoggerFactory.getLogger(TasksTmpfs.class);

	private static final ProcessRunner RUNNER = new ProcessRunner(Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"));

	private final boolean root;

	private final long sandboxGroup;

	TasksTmpfs(boolean root, long sandboxGroup) {
		this.root = root;
		this.sandboxGroup = sandboxGroup;
	}

	/** Mounts the tmpfs over {@code folder}, unless one is mounted there already. */
	void mount(Path folder, DataSize size) {
		if (!this.root || mounted(folder)) {
			return;
		}
		run(List.of("mount", "-t", "tmpfs", "-o",
				"size=" + size.toBytes() + ",mode=0710,uid=0,gid=" + this.sandboxGroup + ",nosuid,nodev",
				"gridfaas-tasks", folder.toString()));
	}

	/** Unmounts it, if mounted; what was in it is gone. */
	void unmount(Path folder) {
		if (this.root && mounted(folder)) {
			// Lazy: a process of the container that is still dying may hold it a moment.
			run(List.of("umount", "--lazy", folder.toString()));
		}
	}

	/** Whether a mount's target is exactly this folder ({@code /proc/self/mounts}). */
	static boolean mounted(Path folder) {
		String target = folder.toAbsolutePath().normalize().toString().replace(" ", "\\040");
		try {
			return Files.readAllLines(Path.of("/proc/self/mounts"), StandardCharsets.UTF_8)
				.stream()
				.map((line) -> line.split(" "))
				.anyMatch((fields) -> fields.length > 1 && fields[1].equals(target));
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static void run(List<String> command) {
		RUNNER.run(command, Duration.ofSeconds(30));
		log.debug("{}: done", command);
	}

}
