package org.gridfaas.containers.store.minio;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.minio.MinioClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.gridfaas.containers.store.ObjectStoreException;
import org.gridfaas.containers.store.StoredObject;
import org.gridfaas.testing.S3ProxyServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The MinIO adapter against a real S3 server (S3Proxy). */
class MinioObjectStoreTests {

	static S3ProxyServer s3;

	static MinioClient client;

	static MinioObjectStore store;

	@BeforeAll
	static void start() {
		s3 = S3ProxyServer.start();
		client = s3.client();
		store = new MinioObjectStore(client);
		store.createBucket("stress");
	}

	@AfterAll
	static void stop() throws Exception {
		client.close();
		s3.close();
	}

	@Test
	void creatingABucketTwiceIsHarmless() {
		store.createBucket("twice");
		store.createBucket("twice");
		assertThat(store.listBuckets()).contains("twice", "stress");
		store.deleteBucket("twice");
		store.deleteBucket("twice");
		assertThat(store.bucketExists("twice")).isFalse();
	}

	@Test
	void objectsAreListedInKeyOrderUnderTheirPrefix() {
		store.put("stress", "input/102.1-10.txt", bytes("b"));
		store.put("stress", "input/101.2-100.txt", bytes("a"));
		store.put("stress", "output/099.1-1.txt", bytes("c"));
		assertThat(store.list("stress", "input/")).extracting(StoredObject::key)
			.containsExactly("input/101.2-100.txt", "input/102.1-10.txt");
		assertThat(store.list("stress", "input/").get(0).size()).isEqualTo(1);
	}

	@Test
	void aMoveLeavesTheObjectAtTheNewKeyOnly() {
		store.put("stress", "input/move.txt", bytes("task"));
		store.move("stress", "input/move.txt", "processing/move.txt");
		assertThat(store.stat("stress", "input/move.txt")).isEmpty();
		assertThat(store.read("stress", "processing/move.txt"))
			.hasValueSatisfying((body) -> assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("task"));
	}

	@Test
	void missingObjectsAreEmptyNotErrors() {
		assertThat(store.read("stress", "utils/none.txt")).isEmpty();
		assertThat(store.stat("stress", "utils/none.txt")).isEmpty();
		store.delete("stress", "utils/none.txt");
	}

	@Test
	void filesUploadAndDownloadByteForByte(@TempDir Path folder) throws Exception {
		Path local = Files.write(folder.resolve("result.bin"), new byte[] { 0, 1, 2, (byte) 255 });
		store.upload("stress", "results/result.bin", local);
		Path back = folder.resolve("back.bin");
		store.download("stress", "results/result.bin", back);
		assertThat(back).hasBinaryContent(new byte[] { 0, 1, 2, (byte) 255 });
	}

	@Test
	void anUnreachableStoreFailsWithAClearException() throws Exception {
		try (MinioClient nowhere = MinioClient.builder()
			.endpoint("http://127.0.0.1:1")
			.credentials("key", "secret")
			.build()) {
			assertThatThrownBy(() -> new MinioObjectStore(nowhere).listBuckets())
				.isInstanceOf(ObjectStoreException.class)
				.hasMessageContaining("unreachable");
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
