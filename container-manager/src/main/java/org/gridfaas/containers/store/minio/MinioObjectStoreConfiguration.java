package org.gridfaas.containers.store.minio;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.minio.MinioClient;
import okhttp3.OkHttpClient;

import org.gridfaas.containers.store.ObjectStore;
import org.gridfaas.containers.store.ObjectStoreProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Connects the object store port to an S3 server. The MinIO client is closed with the
 * context (Spring calls {@code close()}), which stops OkHttp's threads; left open, they
 * would hold the JVM for about a minute on shutdown.
 */
@Configuration(proxyBeanMethods = false)
class MinioObjectStoreConfiguration {

	@Bean
	MinioClient minioClient(ObjectStoreProperties properties) {
		OkHttpClient http = new OkHttpClient.Builder()
			.connectTimeout(properties.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
			.callTimeout(properties.callTimeout().toMillis(), TimeUnit.MILLISECONDS)
			.build();
		MinioClient.Builder builder = MinioClient.builder()
			.endpoint(properties.endpoint().toString())
			.region(properties.region())
			.httpClient(http, true);
		if (properties.hasCredentials()) {
			builder.credentials(properties.accessKey(), properties.secretKey());
		}
		return builder.build();
	}

	@Bean
	ObjectStore objectStore(MinioClient minioClient, MeterRegistry meters) {
		return new MinioObjectStore(minioClient, meters);
	}

}
