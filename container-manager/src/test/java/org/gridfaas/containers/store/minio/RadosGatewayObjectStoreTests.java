package org.gridfaas.containers.store.minio;

import io.minio.MinioClient;
import org.junit.jupiter.api.BeforeAll;

import org.gridfaas.testing.RadosGateway;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The object store contract on Ceph's radosgw: a real distributed object store. */
class RadosGatewayObjectStoreTests extends ObjectStoreContract {

	@BeforeAll
	static void installed() {
		assumeTrue(RadosGateway.installed(), "Ceph is not installed (.ci/run installs it)");
	}

	@Override
	MinioClient client() {
		return RadosGateway.shared().client();
	}

	@Override
	boolean atomicCreates() {
		return true;
	}

}
