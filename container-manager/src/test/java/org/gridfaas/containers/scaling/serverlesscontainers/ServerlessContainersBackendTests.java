package org.gridfaas.containers.scaling.serverlesscontainers;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

import org.gridfaas.containers.ContainerManagerHarness;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridfaas.containers.ContainerManagerHarness.ADMIN_TOKEN;
import static org.gridfaas.containers.ContainerManagerHarness.ALICE_TOKEN;

/**
 * The whole service with {@code gridfaas.scaling.backend=serverless-containers}: a
 * container's life reaches a test server that answers as the Orchestrator does.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ServerlessContainersBackendTests {

	static final ContainerManagerHarness harness = new ContainerManagerHarness();

	static final List<String> calls = new CopyOnWriteArrayList<>();

	static final MockWebServer orchestrator = new MockWebServer();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws Exception {
		orchestrator.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				calls.add(request.getMethod() + " " + request.getPath());
				return new MockResponse().setResponseCode(200)
					.setHeader("Content-Type", "application/json")
					.setBody("201");
			}
		});
		orchestrator.start();
		harness.creditManager.allow("alice", true);
		harness.register(registry);
		registry.add("gridfaas.scaling.backend", () -> "serverless-containers");
		registry.add("gridfaas.scaling.serverless-containers.url", () -> orchestrator.url("/").toString());
		registry.add("gridfaas.scaling.serverless-containers.host", () -> "node1");
	}

	@LocalServerPort
	void port(int port) {
		harness.port = port;
	}

	@TestConfiguration
	static class Cleanup {

		@Bean
		DisposableBean harnessCleanup() {
			return () -> {
				harness.close();
				orchestrator.shutdown();
			};
		}

	}

	@Test
	void aContainersLifeIsMirroredToTheOrchestrator() throws Exception {
		harness.publish("scaled-elsewhere", "sleep 30", "{}");
		harness.send("POST", "/api/v1/functions/scaled-elsewhere/tasks?name=t.txt", ALICE_TOKEN, "text/plain",
				new byte[0]);
		harness.awaitTask("scaled-elsewhere", "t.txt", "RUNNING", Duration.ofSeconds(20));
		harness.send("PUT", "/api/v1/containers/scaled-elsewhere/restriction", ADMIN_TOKEN, null, null);
		harness.send("DELETE", "/api/v1/containers/scaled-elsewhere/restriction", ADMIN_TOKEN, null, null);
		harness.send("POST", "/api/v1/containers/scaled-elsewhere/stop?requeue=true", ADMIN_TOKEN, null, null);
		assertThat(calls).containsSubsequence("PUT /structure/container/scaled-elsewhere",
				"PUT /structure/container/scaled-elsewhere/scaled-elsewhere", "PUT /structure/scaled-elsewhere/unguard",
				"PUT /structure/scaled-elsewhere/guard", "DELETE /structure/container/scaled-elsewhere");
	}

}
