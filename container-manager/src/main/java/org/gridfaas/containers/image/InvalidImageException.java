package org.gridfaas.containers.image;

/** A function's image that cannot be used: not a SIF, no root filesystem, too big. */
public class InvalidImageException extends RuntimeException {

	public InvalidImageException(String message) {
		super(message);
	}

}
