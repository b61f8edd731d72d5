package org.gridfaas.containers.runtime;

/**
 * What network a function's tasks get. Only the provider grants more than {@link #NONE};
 * no user setting or bucket file can.
 */
public enum NetworkAccess {

	/** A network namespace of the task's own, with loopback only. */
	NONE,

	/**
	 * Outbound connections to the outside world, through a user-mode network stack
	 * ({@code pasta}); never to the host's own loopback services, and never inbound.
	 */
	EGRESS

}
