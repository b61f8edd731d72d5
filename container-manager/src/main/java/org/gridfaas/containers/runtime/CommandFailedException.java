package org.gridfaas.containers.runtime.apptainer;

import java.util.List;

import org.gridfaas.containers.runtime.RuntimeFailure;

/** An OS command exited with an error, or was killed by our timeout. */
class CommandFailedException extends RuntimeFailure {

	private final CommandResult result;

	private final boolean timedOut;

	CommandFailedException(List<String> command, CommandResult result, boolean timedOut) {
		super((timedOut ? "Timed out: " : "Failed with exit code " + result.exitCode() + ": ")
				+ String.join(" ", command) + (result.stderr().isBlank() ? "" : " (" + result.stderr().strip() + ")"));
		this.result = result;
		this.timedOut = timedOut;
	}

	CommandResult result() {
		return this.result;
	}

	/** Whether our timeout killed it, rather than it failing by itself. */
	boolean timedOut() {
		return this.timedOut;
	}

}
