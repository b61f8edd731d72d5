package org.gridfaas.containers.store;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the object store is: any S3 endpoint (MinIO in production, S3Proxy on a
 * single-node install).
 *
 * @param endpoint the S3 endpoint URL ({@code GRIDFAAS_OBJECTSTORE_ENDPOINT})
 * @param accessKey the access key ({@code GRIDFAAS_OBJECTSTORE_ACCESSKEY})
 * @param secretKey the secret key ({@code GRIDFAAS_OBJECTSTORE_SECRETKEY}); never logged
 * @param region the region to sign requests for
 * @param connectTimeout how long to wait for a connection
 * @param callTimeout how long one request may take, transfer included
 */
@ConfigurationProperties("gridfaas.object-store")
public record ObjectStoreProperties(@DefaultValue("http://127.0.0.1:9000") URI endpoint, String accessKey,
		String secretKey, @DefaultValue("us-east-1") String region, @DefaultValue("5s") Duration connectTimeout,
		@DefaultValue("5m") Duration callTimeout) {

	/** Whether credentials were given; without them the store is reported down. */
	public boolean hasCredentials() {
		return this.accessKey != null && !this.accessKey.isBlank() && this.secretKey != null
				&& !this.secretKey.isBlank();
	}

	@Override
	public String toString() {
		return "ObjectStoreProperties[endpoint=" + this.endpoint + ", accessKey=" + this.accessKey + ", secretKey="
				+ (hasCredentials() ? "(set)" : "(unset)") + ", region=" + this.region + "]";
	}

}
