package org.gridfaas.testing;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.errors.ErrorResponseException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3ProxyServerTests {

	static S3ProxyServer s3;

	@BeforeAll
	static void start() {
		s3 = S3ProxyServer.start();
	}

	@AfterAll
	static void stop() {
		s3.close();
	}

	@Test
	void theMinioClientStoresAndReadsObjectsUnmodified() throws Exception {
		try (MinioClient client = s3.client()) {
			client.makeBucket(MakeBucketArgs.builder().bucket("stress").build());
			byte[] body = "2 cores for 100 s\n".getBytes(StandardCharsets.UTF_8);
			client.putObject(PutObjectArgs.builder()
				.bucket("stress")
				.object("input/101.2-100.txt")
				.stream(new ByteArrayInputStream(body), body.length, -1)
				.build());
			try (var in = client
				.getObject(GetObjectArgs.builder().bucket("stress").object("input/101.2-100.txt").build())) {
				assertThat(in.readAllBytes()).isEqualTo(body);
			}
			assertThat(client.bucketExists(BucketExistsArgs.builder().bucket("stress").build())).isTrue();
			assertThat(s3.bucketsFolder().resolve("stress")).isDirectory();
		}
	}

	@Test
	void wrongCredentialsAreRefused() throws Exception {
		try (MinioClient client = MinioClient.builder()
			.endpoint(s3.endpoint())
			.credentials(s3.accessKey(), "wrong-secret")
			.build()) {
			assertThatThrownBy(() -> client.bucketExists(BucketExistsArgs.builder().bucket("stress").build()))
				.isInstanceOf(ErrorResponseException.class);
		}
	}

}
