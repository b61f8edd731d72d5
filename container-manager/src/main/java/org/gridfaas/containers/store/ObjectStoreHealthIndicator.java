package org.gridfaas.containers.store;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * Reports the object store in {@code /actuator/health} as {@code objectStore} (the bean
 * name less its suffix).
 */
@Component
class ObjectStoreHealthIndicator extends AbstractHealthIndicator {

	private final ObjectStore store;

	private final ObjectStoreProperties properties;

	ObjectStoreHealthIndicator(ObjectStore store, ObjectStoreProperties properties) {
		super("Object store health check failed");
		this.store = store;
		this.properties = properties;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.withDetail("endpoint", this.properties.endpoint().toString());
		if (!this.properties.hasCredentials()) {
			builder.down().withDetail("error", "no credentials: set gridfaas.object-store.access-key and secret-key");
			return;
		}
		builder.up().withDetail("buckets", this.store.listBuckets().size());
	}

}
