package org.gridfaas.containers.task;

import java.time.Duration;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.gridfaas.common.naming.ContainerName;
import org.gridfaas.containers.ContainerManagerHarness;
import org.gridfaas.containers.runtime.ContainerRuntime;
import org.gridfaas.containers.runtime.FakeContainerRuntime;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridfaas.containers.ContainerManagerHarness.ALICE_TOKEN;

/**
 * The dispatcher, the task runner and the pool on the fake runtime, so that they are
 * tested without root or cgroups: tasks still go from input to output through the store,
 * and a container that vanishes under a running task sends it back to input.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class FakeRuntimeDispatchTests {

	static final ContainerManagerHarness harness = new ContainerManagerHarness();

	static final MinioClient s3 = harness.s3.client();

	@Autowired
	FakeContainerRuntime runtime;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		harness.creditManager.allow("alice", true);
		harness.register(registry);
		registry.add("gridfaas.runtime.kind", () -> "fake");
	}

	@LocalServerPort
	void port(int port) {
		harness.port = port;
	}

	@TestConfiguration
	static class FakeRuntime {

		@Bean
		FakeContainerRuntime fakeContainerRuntime() {
			return new FakeContainerRuntime();
		}

		@Bean
		DisposableBean harnessCleanup() {
			return harness::close;
		}

	}

	@AfterAll
	static void closeClient() throws Exception {
		s3.close();
	}

	@Test
	void theServiceRunsOnTheRuntimeConfigurationPicks(@Autowired ContainerRuntime picked) {
		assertThat(picked.kind()).isEqualTo("fake");
	}

	@Test
	void aTaskGoesFromInputToOutputOnTheFakeRuntime() throws Exception {
		harness.publish("fake-echo", "echo \"$GRIDFAAS_TASK\" > \"$2/name.txt\"", "{}");
		harness.send("POST", "/api/v1/functions/fake-echo/tasks?name=e1.txt", ALICE_TOKEN, "text/plain", new byte[0]);
		harness.awaitTask("fake-echo", "e1.txt", "SUCCEEDED", Duration.ofSeconds(20));
		try (var result = s3
			.getObject(GetObjectArgs.builder().bucket("fake-echo").object("results/e1.txt/name.txt").build())) {
			assertThat(new String(result.readAllBytes())).isEqualTo("e1.txt\n");
		}
		assertThat(this.runtime.started())
			.anySatisfy((spec) -> assertThat(spec.function().value()).isEqualTo("fake-echo"));
	}

	@Test
	void aTaskWhoseContainerVanishesGoesBackToInputWithoutAFailure() throws Exception {
		// The first attempt marks itself and waits; the second finds the mark and ends.
		java.nio.file.Path mark = java.nio.file.Files.createTempDirectory("fake-vanish-").resolve("first");
		harness.publish("fake-vanish", "[ -e " + mark + " ] || { touch " + mark + "; sleep 30; }",
				"{\"maxAttempts\": 1}");
		harness.send("POST", "/api/v1/functions/fake-vanish/tasks?name=v1.txt", ALICE_TOKEN, "text/plain", new byte[0]);
		harness.awaitTask("fake-vanish", "v1.txt", "RUNNING", Duration.ofSeconds(20));
		var container = this.runtime.container(ContainerName.of("fake-vanish")).orElseThrow();
		ContainerManagerHarness.await("the task's command to start", Duration.ofSeconds(20),
				() -> java.nio.file.Files.exists(mark));
		long started = System.nanoTime();
		container.vanish();
		JsonNode done = harness.awaitTask("fake-vanish", "v1.txt", "SUCCEEDED", Duration.ofSeconds(60));
		assertThat(done.get("failures").asInt()).isZero();
		assertThat(done.get("attempts").asInt()).isEqualTo(2);
		// Its command died with the container: the attempt did not wait out its 30 s.
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
	}

}
