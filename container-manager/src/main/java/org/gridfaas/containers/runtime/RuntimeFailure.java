package org.gridfaas.containers.runtime;

/**
 * The runtime could not do what was asked: a command would not start, a container not
 * stop.
 */
public class RuntimeFailure extends RuntimeException {

	public RuntimeFailure(String message) {
		super(message);
	}

	public RuntimeFailure(String message, Throwable cause) {
		super(message, cause);
	}

}
