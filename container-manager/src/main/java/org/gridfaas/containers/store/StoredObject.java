package org.gridfaas.containers.store;

import java.time.Instant;

/**
 * An object's listing entry.
 *
 * @param key the full key, e.g. {@code input/101.2-100.txt}
 * @param size size in bytes
 * @param lastModified when it was last written
 */
public record StoredObject(String key, long size, Instant lastModified) {
}
