package org.gridfaas.containers.store.minio;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.MinioClient;

import org.gridfaas.containers.store.ObjectStore;

/** The real object store adapter on a test server, for tests outside its package. */
public final class TestStores {

	private TestStores() {
	}

	public static ObjectStore on(MinioClient client) {
		return new MinioObjectStore(client, new SimpleMeterRegistry());
	}

}
