package org.gridfaas.containers;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;

import org.gridfaas.testing.S3ProxyServer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole service on a random port, against a real S3 server. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ContainerManagerApplicationTests {

	static final ContainerManagerHarness harness = new ContainerManagerHarness();

	static final S3ProxyServer s3 = harness.s3;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		harness.register(registry);
		// The admin token from the generated file, not from configuration.
		registry.add("gridfaas.security.admin-token", () -> "");
	}

	/**
	 * Closes the harness when the context closes, after the service stopped its
	 * containers.
	 */
	@TestConfiguration
	static class Cleanup {

		@Bean
		DisposableBean harnessCleanup() {
			return harness::close;
		}

	}

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void healthIsUpWithTheObjectStoreAsAComponent() throws Exception {
		HttpResponse<String> health = get("/actuator/health", null);
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"objectStore\"");
		assertThat(health.body()).doesNotContain(s3.secretKey());
	}

	@Test
	void healthDetailsAreForTheAdminOnly() throws Exception {
		assertThat(get("/actuator/health", null).body()).doesNotContain("endpoint");
		assertThat(get("/actuator/health", adminToken()).body()).contains(s3.endpoint());
	}

	@Test
	void prometheusMetricsNeedTheMetricsTokenWhichOpensNothingElse() throws Exception {
		String metricsToken = Files.readString(harness.home.resolve("metrics.token")).strip();
		assertThat(get("/actuator/prometheus", null).statusCode()).isEqualTo(401);
		assertThat(get("/actuator/prometheus", ContainerManagerHarness.ALICE_TOKEN).statusCode()).isEqualTo(403);
		HttpResponse<String> metrics = get("/actuator/prometheus", metricsToken);
		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(metrics.body()).contains("jvm_memory_used_bytes");
		assertThat(get("/actuator/prometheus", adminToken()).statusCode()).isEqualTo(200);
		assertThat(get("/api/v1/me", metricsToken).statusCode()).isEqualTo(403);
		assertThat(get("/api/v1/functions", metricsToken).statusCode()).isEqualTo(403);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(harness.home.resolve("metrics.token"))))
			.isEqualTo("rw-------");
	}

	@Test
	void theApiNeedsAToken() throws Exception {
		HttpResponse<String> response = get("/api/v1/me", null);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(get("/api/v1/me", adminToken()).body()).contains("\"name\":\"admin\"");
	}

	private HttpResponse<String> get(String path, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String adminToken() throws Exception {
		return Files.readString(harness.home.resolve("admin.token")).strip();
	}

}
