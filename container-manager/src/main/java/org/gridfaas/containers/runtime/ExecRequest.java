package org.gridfaas.containers.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A command to run in a container.
 *
 * @param command the program and its arguments, never a shell string
 * @param workFolder the working folder; the runtime makes it writable by the task's user
 * @param environment the task's whole environment: nothing of the service's own (which
 * holds secrets) is passed on
 * @param log where stdout and stderr go
 * @param timeout how long the command may run before it is killed
 */
public record ExecRequest(List<String> command, Path workFolder, Map<String, String> environment, Path log,
		Duration timeout) {

	public ExecRequest {
		command = List.copyOf(command);
		environment = Map.copyOf(environment);
	}

}
