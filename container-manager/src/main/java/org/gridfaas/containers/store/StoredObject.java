package org.gridfaas.containers.store;

import java.time.Instant;

/**
 * An object's listing entry.
 *
 * @param key the full key, e.g. {@code input/101.2-100.txt}
 * @param size size in bytes
 * @param lastModified when it was last written
 * @param etag the store's tag of this version of the object, changed by every write;
 * {@code null} where unknown
 */
public record StoredObject(String key, long size, Instant lastModified, String etag) {

	/** An entry whose tag is not known. */
	public StoredObject(String key, long size, Instant lastModified) {
		this(key, size, lastModified, null);
	}

}
