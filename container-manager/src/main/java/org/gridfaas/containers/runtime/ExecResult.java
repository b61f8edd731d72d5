package org.gridfaas.containers.runtime;

import java.time.Duration;

/**
 * How a command in a container ended.
 *
 * @param exitCode the exit code; 128 + the signal number when killed by a signal
 * @param timedOut whether our timeout killed it
 * @param elapsed how long it ran
 * @param outputBytes how much it wrote to stdout and stderr, of which the log keeps the
 * end
 */
public record ExecResult(int exitCode, boolean timedOut, Duration elapsed, long outputBytes) {

	/** Exited by itself with code 0. */
	public boolean succeeded() {
		return this.exitCode == 0 && !this.timedOut;
	}

}
