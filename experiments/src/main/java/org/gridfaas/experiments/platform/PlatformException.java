package org.gridfaas.experiments.platform;

/** A call to the platform that failed; the message says which call and why. */
public class PlatformException extends RuntimeException {

	public PlatformException(String message) {
		super(message);
	}

	public PlatformException(String message, Throwable cause) {
		super(message, cause);
	}

}
