package org.gridfaas.containers.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Killing a process with everything it started, and telling whether a process runs. */
public final class ProcessTrees {

	private ProcessTrees() {
	}

	/**
	 * Kills the process and its descendants and returns once they are gone (at most 5 s,
	 * less if the thread is interrupted, which it stays). The children are listed before
	 * anything is killed: a parent killed first may leave its children out of reach
	 * (reparented, no longer its descendants). The one way the runtimes kill a command.
	 */
	public static void kill(ProcessHandle root) {
		List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
		tree.add(root);
		tree.forEach(ProcessHandle::destroyForcibly);
		Instant deadline = Instant.now().plusSeconds(5);
		for (ProcessHandle process : tree) {
			while (running(process) && Instant.now().isBefore(deadline)) {
				try {
					Thread.sleep(5);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	/**
	 * Whether a process runs, a zombie not counting: an orphan's zombie stays until its
	 * new parent reaps it, which a container's init may never do, and
	 * {@link ProcessHandle#isAlive()} counts zombies as alive.
	 */
	public static boolean running(ProcessHandle process) {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"),
					StandardCharsets.US_ASCII);
			// The state follows the command name, which is in parentheses and may
			// hold anything, so look after the last one.
			String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
			return !state.equals("Z") && !state.equals("X");
		}
		catch (IOException | RuntimeException ex) {
			return process.isAlive();
		}
	}

}
