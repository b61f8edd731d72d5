package org.gridfaas.containers.store.minio;

import io.minio.MinioClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.gridfaas.testing.S3ProxyServer;

/** The object store contract on S3Proxy, the single-node default. */
class S3ProxyObjectStoreTests extends ObjectStoreContract {

	static S3ProxyServer s3;

	@BeforeAll
	static void start() {
		s3 = S3ProxyServer.start();
	}

	@AfterAll
	static void stop() {
		s3.close();
	}

	@Override
	MinioClient client() {
		return s3.client();
	}

	@Override
	boolean atomicCreates() {
		// Its filesystem backend checks, then writes: two writers can both win.
		return false;
	}

}
