package org.gridfaas.containers.store.minio;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.MinioClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.gridfaas.containers.store.ObjectStoreException;
import org.gridfaas.containers.store.StoredObject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the object store adapter promises, against a real S3 server: each subclass runs it
 * on one ({@link S3ProxyObjectStoreTests}, {@link RadosGatewayObjectStoreTests},
 * {@link MinioServerObjectStoreTests}). Each class gets buckets of its own.
 */
abstract class ObjectStoreContract {

	private MinioClient client;

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private MinioObjectStore store;

	private String bucket;

	/** A client for the server under test. */
	abstract MinioClient client();

	/** Whether racing create-only writes have exactly one winner on this server. */
	abstract boolean atomicCreates();

	@BeforeEach
	void connect() {
		this.client = client();
		this.store = new MinioObjectStore(this.client, this.meters);
		this.bucket = "contract-" + UUID.randomUUID().toString().substring(0, 8);
		this.store.createBucket(this.bucket);
	}

	@AfterEach
	void disconnect() throws Exception {
		this.client.close();
	}

	@Test
	void aCreateOnlyWriteWinsOnceAndTellsTheLoserSo() {
		Optional<String> first = this.store.create(this.bucket, "leases/a.json", bytes("one"));
		Optional<String> second = this.store.create(this.bucket, "leases/a.json", bytes("two"));
		assertThat(first).isPresent();
		assertThat(second).isEmpty();
		assertThat(this.store.readVersion(this.bucket, "leases/a.json")).hasValueSatisfying((version) -> {
			assertThat(new String(version.body(), StandardCharsets.UTF_8)).isEqualTo("one");
			assertThat(version.etag()).isEqualTo(first.get()).doesNotContain("\"");
		});
	}

	@Test
	void aReplaceHoldsOnlyWhileTheObjectIsTheVersionRead() {
		String etag = this.store.create(this.bucket, "leases/b.json", bytes("one")).orElseThrow();
		Optional<String> renewed = this.store.replace(this.bucket, "leases/b.json", etag, bytes("two"));
		assertThat(renewed).isPresent().isNotEqualTo(Optional.of(etag));
		assertThat(this.store.replace(this.bucket, "leases/b.json", etag, bytes("stale"))).isEmpty();
		assertThat(this.store.replace(this.bucket, "leases/gone.json", etag, bytes("gone"))).isEmpty();
		assertThat(this.store.read(this.bucket, "leases/b.json"))
			.hasValueSatisfying((body) -> assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("two"));
		assertThat(this.store.stat(this.bucket, "leases/gone.json")).isEmpty();
	}

	@Test
	void ofEightRacingCreatesExactlyOneWins() throws Exception {
		assumeTrue(atomicCreates(), "this server's create-only writes are not atomic across writers");
		for (int round = 0; round < 5; round++) {
			String key = "leases/race-" + round + ".json";
			ExecutorService writers = Executors.newFixedThreadPool(8);
			CountDownLatch go = new CountDownLatch(1);
			List<Future<Optional<String>>> results = new ArrayList<>();
			for (int writer = 0; writer < 8; writer++) {
				byte[] body = bytes("writer " + writer);
				results.add(writers.submit(() -> {
					go.await();
					return this.store.create(this.bucket, key, body);
				}));
			}
			go.countDown();
			int winners = 0;
			for (Future<Optional<String>> result : results) {
				winners += result.get().isPresent() ? 1 : 0;
			}
			writers.shutdown();
			assertThat(winners).as("winners of round %d", round).isEqualTo(1);
		}
	}

	@Test
	void creatingABucketTwiceIsHarmless() {
		String twice = this.bucket + "-twice";
		this.store.createBucket(twice);
		this.store.createBucket(twice);
		assertThat(this.store.listBuckets()).contains(twice, this.bucket);
		this.store.deleteBucket(twice);
		this.store.deleteBucket(twice);
		assertThat(this.store.bucketExists(twice)).isFalse();
	}

	@Test
	void objectsAreListedInKeyOrderUnderTheirPrefix() {
		this.store.put(this.bucket, "input/102.1-10.txt", bytes("b"));
		this.store.put(this.bucket, "input/101.2-100.txt", bytes("a"));
		this.store.put(this.bucket, "output/099.1-1.txt", bytes("c"));
		assertThat(this.store.list(this.bucket, "input/")).extracting(StoredObject::key)
			.containsExactly("input/101.2-100.txt", "input/102.1-10.txt");
		assertThat(this.store.list(this.bucket, "input/").get(0).size()).isEqualTo(1);
	}

	@Test
	void aMoveLeavesTheObjectAtTheNewKeyOnly() {
		this.store.put(this.bucket, "input/move.txt", bytes("task"));
		this.store.move(this.bucket, "input/move.txt", "processing/move.txt");
		assertThat(this.store.stat(this.bucket, "input/move.txt")).isEmpty();
		assertThat(this.store.read(this.bucket, "processing/move.txt"))
			.hasValueSatisfying((body) -> assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("task"));
	}

	@Test
	void missingObjectsAreEmptyNotErrors() {
		assertThat(this.store.read(this.bucket, "utils/none.txt")).isEmpty();
		assertThat(this.store.stat(this.bucket, "utils/none.txt")).isEmpty();
		this.store.delete(this.bucket, "utils/none.txt");
	}

	@Test
	void filesUploadAndDownloadByteForByte(@TempDir Path folder) throws Exception {
		Path local = Files.write(folder.resolve("result.bin"), new byte[] { 0, 1, 2, (byte) 255 });
		this.store.upload(this.bucket, "results/result.bin", local);
		Path back = folder.resolve("back.bin");
		this.store.download(this.bucket, "results/result.bin", back);
		assertThat(back).hasBinaryContent(new byte[] { 0, 1, 2, (byte) 255 });
	}

	@Test
	void everyRequestIsCountedByOperationAndOutcome() {
		this.store.put(this.bucket, "input/counted.txt", bytes("task"));
		this.store.create(this.bucket, "leases/counted.json", bytes("one"));
		this.store.create(this.bucket, "leases/counted.json", bytes("two"));
		this.store.read(this.bucket, "input/counted.txt");
		this.store.read(this.bucket, "input/none.txt");
		assertThat(requests("put", "ok")).isEqualTo(1);
		// A create that loses its race is an answer, not an error.
		assertThat(requests("create", "ok")).isEqualTo(2);
		assertThat(requests("read", "ok")).isEqualTo(2);
		this.store.stat(this.bucket, "input/counted.txt");
		assertThat(requests("stat", "ok")).isEqualTo(1);
	}

	private long requests(String operation, String outcome) {
		var timer = this.meters.find("gridfaas.store.requests")
			.tags("operation", operation, "outcome", outcome)
			.timer();
		return (timer != null) ? timer.count() : 0;
	}

	@Test
	void anUnreachableStoreFailsWithAClearException() throws Exception {
		try (MinioClient nowhere = MinioClient.builder()
			.endpoint("http://127.0.0.1:1")
			.credentials("key", "secret")
			.build()) {
			assertThatThrownBy(() -> new MinioObjectStore(nowhere, this.meters).listBuckets())
				.isInstanceOf(ObjectStoreException.class)
				.hasMessageContaining("unreachable");
			assertThat(requests("list_buckets", "error")).isEqualTo(1);
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
