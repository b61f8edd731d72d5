package org.gridfaas.containers.store;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The object store that holds functions and their tasks: one bucket per function (see
 * reference-behaviour.md §1 for the layout). It is the source of truth for tasks, so
 * every operation either happens on the store or throws {@link ObjectStoreException};
 * nothing is cached here.
 */
public interface ObjectStore {

	/** The most of an object {@link #readVersion} reads. */
	int MAX_VERSION_BYTES = 64 * 1024;

	/** All buckets. */
	List<String> listBuckets();

	boolean bucketExists(String bucket);

	/** Creates the bucket unless it exists. */
	void createBucket(String bucket);

	/** Deletes an empty bucket; a missing bucket is not an error. */
	void deleteBucket(String bucket);

	/** The objects whose keys start with {@code prefix}, in key order, at any depth. */
	List<StoredObject> list(String bucket, String prefix);

	/** The object's listing entry, if it exists. */
	Optional<StoredObject> stat(String bucket, String key);

	/** Writes an object from a stream of known size, replacing any object at the key. */
	void put(String bucket, String key, InputStream body, long size);

	/** Writes an object from bytes, replacing any object at the key. */
	default void put(String bucket, String key, byte[] body) {
		put(bucket, key, new ByteArrayInputStream(body), body.length);
	}

	/**
	 * Writes a small object only if no object is at the key ({@code If-None-Match: *}):
	 * of several writers racing for one key exactly one wins, on a store whose
	 * conditional writes are atomic (AWS S3, MinIO, Ceph RGW; not S3Proxy's filesystem
	 * backend).
	 * @return the new object's ETag, or empty when an object was there already
	 */
	Optional<String> create(String bucket, String key, byte[] body);

	/**
	 * Replaces a small object only while it is still the version tagged {@code etag}
	 * ({@code If-Match}).
	 * @return the new version's ETag, or empty when the object changed or is gone
	 */
	Optional<String> replace(String bucket, String key, String etag, byte[] body);

	/** Uploads a local file, replacing any object at the key. */
	void upload(String bucket, String key, Path file);

	/** The object's bytes, if it exists. Meant for small objects (scripts, settings). */
	Optional<byte[]> read(String bucket, String key);

	/**
	 * The object's bytes with the ETag of the version read, if it exists. Meant for small
	 * documents (leases): at most {@link #MAX_VERSION_BYTES} of it are read, so that an
	 * object planted at such a key cannot exhaust the service's memory.
	 */
	Optional<Version> readVersion(String bucket, String key);

	/** Downloads an object to a local file, replacing the file. */
	void download(String bucket, String key, Path file);

	/** Copies an object within a bucket (server side). */
	void copy(String bucket, String fromKey, String toKey);

	/** Deletes an object; a missing object is not an error. */
	void delete(String bucket, String key);

	/**
	 * Moves an object within a bucket: copy, then delete. S3 has no rename, so a crash in
	 * between leaves the object at both keys; callers that care detect and settle that.
	 */
	default void move(String bucket, String fromKey, String toKey) {
		copy(bucket, fromKey, toKey);
		delete(bucket, fromKey);
	}

	/**
	 * One version of a small object.
	 *
	 * @param body its bytes
	 * @param etag its tag, unquoted, for {@link #replace}
	 */
	record Version(byte[] body, String etag) {

	}

}
