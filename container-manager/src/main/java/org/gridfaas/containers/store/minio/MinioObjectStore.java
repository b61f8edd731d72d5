package org.gridfaas.containers.store.minio;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.minio.BucketExistsArgs;
import io.minio.CopyObjectArgs;
import io.minio.CopySource;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.ObjectWriteResponse;
import io.minio.PutObjectArgs;
import io.minio.RemoveBucketArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Bucket;
import io.minio.messages.Item;

import org.gridfaas.containers.store.ObjectStore;
import org.gridfaas.containers.store.ObjectStoreException;
import org.gridfaas.containers.store.StoredObject;

/** The object store on any S3 server, through the MinIO Java client. */
class MinioObjectStore implements ObjectStore {

	private final MinioClient client;

	private final MeterRegistry meters;

	MinioObjectStore(MinioClient client, MeterRegistry meters) {
		this.client = client;
		this.meters = meters;
	}

	@Override
	public List<String> listBuckets() {
		return call("list_buckets", "list buckets",
				() -> this.client.listBuckets().stream().map(Bucket::name).sorted().toList());
	}

	@Override
	public boolean bucketExists(String bucket) {
		return call("bucket_exists", "check bucket " + bucket,
				() -> this.client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()));
	}

	@Override
	public void createBucket(String bucket) {
		run("create_bucket", "create bucket " + bucket, () -> {
			if (!this.client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
				try {
					this.client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
				}
				catch (ErrorResponseException ex) {
					if (!isCode(ex, "BucketAlreadyOwnedByYou") && !isCode(ex, "BucketAlreadyExists")) {
						throw ex;
					}
				}
			}
		});
	}

	@Override
	public void deleteBucket(String bucket) {
		run("delete_bucket", "delete bucket " + bucket, () -> {
			try {
				this.client.removeBucket(RemoveBucketArgs.builder().bucket(bucket).build());
			}
			catch (ErrorResponseException ex) {
				if (!isCode(ex, "NoSuchBucket")) {
					throw ex;
				}
			}
		});
	}

	@Override
	public List<StoredObject> list(String bucket, String prefix) {
		return call("list", "list " + bucket + "/" + prefix, () -> {
			List<StoredObject> objects = new ArrayList<>();
			Iterable<Result<Item>> results = this.client
				.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build());
			for (Result<Item> result : results) {
				Item item = result.get();
				if (!item.isDir()) {
					objects.add(new StoredObject(item.objectName(), item.size(),
							(item.lastModified() != null) ? item.lastModified().toInstant() : null, item.etag()));
				}
			}
			return objects;
		});
	}

	@Override
	public Optional<StoredObject> stat(String bucket, String key) {
		return call("stat", "stat " + bucket + "/" + key, () -> {
			try {
				StatObjectResponse stat = this.client
					.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
				return Optional.of(new StoredObject(key, stat.size(), stat.lastModified().toInstant(), stat.etag()));
			}
			catch (ErrorResponseException ex) {
				if (isCode(ex, "NoSuchKey") || isCode(ex, "NoSuchObject")) {
					return Optional.empty();
				}
				throw ex;
			}
		});
	}

	@Override
	public void put(String bucket, String key, InputStream body, long size) {
		run("put", "put " + bucket + "/" + key, () -> this.client
			.putObject(PutObjectArgs.builder().bucket(bucket).object(key).stream(body, size, -1).build()));
	}

	@Override
	public Optional<String> create(String bucket, String key, byte[] body) {
		return conditionalPut("create", "create " + bucket + "/" + key, bucket, key, Map.of("If-None-Match", "*"),
				body);
	}

	@Override
	public Optional<String> replace(String bucket, String key, String etag, byte[] body) {
		// Unquoted: Ceph RGW 16 matches only the bare tag; MinIO and S3Proxy take both.
		return conditionalPut("replace", "replace " + bucket + "/" + key, bucket, key,
				Map.of("If-Match", unquoted(etag)), body);
	}

	private Optional<String> conditionalPut(String operation, String what, String bucket, String key,
			Map<String, String> condition, byte[] body) {
		return call(operation, what, () -> {
			try {
				ObjectWriteResponse written = this.client.putObject(PutObjectArgs.builder()
					.bucket(bucket)
					.object(key)
					.headers(condition)
					.stream(new ByteArrayInputStream(body), body.length, -1)
					.build());
				return Optional.of(unquoted(written.etag()));
			}
			catch (ErrorResponseException ex) {
				// 412: the condition failed. 404 is what some servers answer to an
				// If-Match
				// on a key that is gone.
				if (isStatus(ex, 412) || isStatus(ex, 404) || isCode(ex, "PreconditionFailed")) {
					return Optional.empty();
				}
				throw ex;
			}
		});
	}

	@Override
	public void upload(String bucket, String key, Path file) {
		run("upload", "upload " + bucket + "/" + key, () -> this.client
			.uploadObject(UploadObjectArgs.builder().bucket(bucket).object(key).filename(file.toString()).build()));
	}

	@Override
	public Optional<byte[]> read(String bucket, String key) {
		return call("read", "read " + bucket + "/" + key, () -> {
			try (InputStream in = this.client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
				return Optional.of(in.readAllBytes());
			}
			catch (ErrorResponseException ex) {
				if (isCode(ex, "NoSuchKey")) {
					return Optional.empty();
				}
				throw ex;
			}
		});
	}

	@Override
	public Optional<Version> readVersion(String bucket, String key) {
		return call("read", "read " + bucket + "/" + key, () -> {
			try (GetObjectResponse in = this.client
				.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
				return Optional.of(new Version(in.readNBytes(MAX_VERSION_BYTES), unquoted(in.headers().get("ETag"))));
			}
			catch (ErrorResponseException ex) {
				if (isCode(ex, "NoSuchKey")) {
					return Optional.empty();
				}
				throw ex;
			}
		});
	}

	@Override
	public void download(String bucket, String key, Path file) {
		run("download", "download " + bucket + "/" + key, () -> {
			try (InputStream in = this.client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
				Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
			}
		});
	}

	@Override
	public void copy(String bucket, String fromKey, String toKey) {
		run("copy", "copy " + bucket + "/" + fromKey + " to " + toKey,
				() -> this.client.copyObject(CopyObjectArgs.builder()
					.bucket(bucket)
					.object(toKey)
					.source(CopySource.builder().bucket(bucket).object(fromKey).build())
					.build()));
	}

	@Override
	public void delete(String bucket, String key) {
		run("delete", "delete " + bucket + "/" + key,
				() -> this.client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build()));
	}

	private static String unquoted(String etag) {
		if (etag == null) {
			return null;
		}
		return (etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\""))
				? etag.substring(1, etag.length() - 1) : etag;
	}

	private static boolean isStatus(ErrorResponseException ex, int status) {
		return ex.response() != null && ex.response().code() == status;
	}

	private static boolean isCode(ErrorResponseException ex, String code) {
		return ex.errorResponse() != null && code.equals(ex.errorResponse().code());
	}

	/**
	 * Runs one request, timed as {@code gridfaas.store.requests} by operation and
	 * outcome, so that what each task costs the store can be counted.
	 */
	private <T> T call(String operation, String what, MinioCall<T> call) {
		long start = System.nanoTime();
		String outcome = "error";
		try {
			T result = call.run();
			outcome = "ok";
			return result;
		}
		catch (IOException ex) {
			throw new ObjectStoreException("Object store unreachable while trying to " + what + ": " + ex.getMessage(),
					ex);
		}
		catch (ErrorResponseException ex) {
			String code = (ex.errorResponse() != null) ? ex.errorResponse().code() : "unknown";
			throw new ObjectStoreException("Object store refused to " + what + " (" + code + ")", ex);
		}
		catch (Exception ex) {
			throw new ObjectStoreException("Object store failed to " + what + ": " + ex.getMessage(), ex);
		}
		finally {
			Timer.builder("gridfaas.store.requests")
				.description("Requests to the object store; a listing of more than 1,000 keys counts once")
				.tag("operation", operation)
				.tag("outcome", outcome)
				.register(this.meters)
				.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
		}
	}

	private void run(String operation, String what, MinioAction action) {
		call(operation, what, () -> {
			action.run();
			return null;
		});
	}

	@FunctionalInterface
	private interface MinioCall<T> {

		T run() throws Exception;

	}

	@FunctionalInterface
	private interface MinioAction {

		void run() throws Exception;

	}

}
