package org.gridfaas.common;

/**
 * A request that clashes with what exists: an idempotency key reused for another request,
 * a task that exists already, a balance that does not cover a withdrawal. Each capability
 * throws its own subclass; the web layer reports any of them as 409 problem+json with the
 * message as its detail.
 */
public class StateConflictException extends RuntimeException {

	public StateConflictException(String reason) {
		super(reason);
	}

}
