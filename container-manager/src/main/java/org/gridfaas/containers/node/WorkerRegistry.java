package org.gridfaas.containers.node;

/**
 * Where workers make themselves known, so that they are metered and enforced:
 * CreditManager.
 */
public interface WorkerRegistry {

	/**
	 * Registers the worker, or tells that it is still alive.
	 * @throws RuntimeException when the registry cannot be reached; the next beat retries
	 */
	void heartbeat(Worker worker);

}
