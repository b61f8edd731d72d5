package org.gridfaas.containers.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.gridfaas.common.naming.UserName;

/**
 * A command to run in a container.
 *
 * @param command the program and its arguments, never a shell string; paths in it are as
 * the command sees them ({@link ContainerRuntime#taskFolderInside})
 * @param workFolder the command's own folder on the host; the runtime hands it to the
 * owner's identity, and nothing else of the host's is writable to the command
 * @param staging the function's staging data on the host, seen read-only at
 * {@link ContainerRuntime#STAGING}
 * @param owner whose identity the command runs under
 * @param environment the task's whole environment: nothing of the service's own (which
 * holds secrets) is passed on
 * @param log where stdout and stderr go: a file the service made before the command
 * starts, outside anything the command can reach, into which it drains the command's
 * output through a pipe
 * @param logLimit the most of the output the log must keep (its end); it holds at most
 * twice this while the command runs
 * @param timeout how long the command may run before it is killed
 * @param network the network the command gets
 */
public record ExecRequest(List<String> command, Path workFolder, Path staging, UserName owner,
		Map<String, String> environment, Path log, long logLimit, Duration timeout, NetworkAccess network) {

	public ExecRequest {
		command = List.copyOf(command);
		environment = Map.copyOf(environment);
	}

}
