package org.gridfaas.containers.store;

/** The object store failed or could not be reached; the operation may be retried. */
public class ObjectStoreException extends RuntimeException {

	public ObjectStoreException(String message, Throwable cause) {
		super(message, cause);
	}

}
