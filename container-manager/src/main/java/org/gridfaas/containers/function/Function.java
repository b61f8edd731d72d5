package org.gridfaas.containers.function;

import java.util.Optional;

import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.containers.runtime.NetworkAccess;

/**
 * A published function: a bucket named after it with the task script at
 * {@code utils/process_task.sh}, and the user who owns it and pays for its CPU.
 *
 * @param name the function and its bucket
 * @param owner the owner; {@code null} for a bucket made by hand without one, whose tasks
 * cannot run until an owner is set
 * @param settings how its container and tasks run
 * @param network the network its tasks get, as the provider granted it
 */
public record Function(FunctionName name, UserName owner, FunctionSettings settings, NetworkAccess network) {

	/** A function with the default network: loopback only. */
	public Function(FunctionName name, UserName owner, FunctionSettings settings) {
		this(name, owner, settings, NetworkAccess.NONE);
	}

	public Optional<UserName> ownerIfKnown() {
		return Optional.ofNullable(this.owner);
	}

}
