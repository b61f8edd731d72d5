package org.gridfaas.containers.store.minio;

import io.minio.MinioClient;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The object store contract on MinIO itself, where a Docker engine runs; without one (as
 * on the CI machines) the class is skipped.
 */
@Testcontainers(disabledWithoutDocker = true)
class MinioServerObjectStoreTests extends ObjectStoreContract {

	@Container
	static final MinIOContainer minio = new MinIOContainer("minio/minio:RELEASE.2025-04-22T22-12-26Z");

	@Override
	MinioClient client() {
		return MinioClient.builder()
			.endpoint(minio.getS3URL())
			.credentials(minio.getUserName(), minio.getPassword())
			.build();
	}

	@Override
	boolean atomicCreates() {
		return true;
	}

}
