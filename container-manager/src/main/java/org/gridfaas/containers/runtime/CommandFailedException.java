package org.gridfaas.containers.runtime;

import java.util.List;

/** An OS command exited with an error, or was killed by our timeout. */
public class CommandFailedException extends RuntimeFailure {

	private final CommandResult result;

	private final boolean timedOut;

	public CommandFailedException(List<String> command, CommandResult result, boolean timedOut) {
		super((timedOut ? "Timed out: " : "Failed with exit code " + result.exitCode() + ": ")
				+ String.join(" ", command) + (result.stderr().isBlank() ? "" : " (" + result.stderr().strip() + ")"));
		this.result = result;
		this.timedOut = timedOut;
	}

	public CommandResult result() {
		return this.result;
	}

	/** Whether our timeout killed it, rather than it failing by itself. */
	public boolean timedOut() {
		return this.timedOut;
	}

}
