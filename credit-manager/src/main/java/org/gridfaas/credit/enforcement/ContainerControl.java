package org.gridfaas.credit.enforcement;

import java.util.List;

import org.gridfaas.common.naming.ContainerName;
import org.gridfaas.common.naming.UserName;

/**
 * What enforcement needs from the place containers run: which run, and the three actions
 * on them. Every action is idempotent.
 */
public interface ContainerControl {

	/** Identifies the ContainerManager, for logs. */
	String id();

	/**
	 * The containers that run now.
	 * @throws ControlUnavailableException when it cannot be asked
	 */
	List<RunningContainer> running();

	/** Pins the container's CPU at its floor and stops scaling it. */
	void restrict(ContainerName container);

	/** Lifts the restriction; scaling resumes from the floor. */
	void lift(ContainerName container);

	/** Stops the container; its running tasks go back to the queue. */
	void stopAndRequeue(ContainerName container);

	/**
	 * A running container as enforcement sees it.
	 *
	 * @param name the container
	 * @param owner who pays for it
	 * @param restricted whether its CPU is pinned at the floor now
	 */
	record RunningContainer(ContainerName name, UserName owner, boolean restricted) {
	}

	/** The ContainerManager could not be reached or refused; the next cycle retries. */
	class ControlUnavailableException extends RuntimeException {

		public ControlUnavailableException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
