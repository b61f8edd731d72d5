package org.gridfaas.containers.task;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
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
import static org.gridfaas.containers.ContainerManagerHarness.BOB_TOKEN;

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
		harness.creditManager.allow("bob", false);
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

	@Test
	void aSubmissionFilesOnlyItsTaskAndTheTaskStillTellsWhenItWasSubmitted() throws Exception {
		harness.publish("fake-gated", "bob", "true", "{}");
		Instant before = Instant.now().minusSeconds(1);
		harness.send("POST", "/api/v1/functions/fake-gated/tasks?name=g1.txt", BOB_TOKEN, "text/plain", new byte[0]);
		JsonNode pending = harness.task("fake-gated", "g1.txt");
		assertThat(pending.get("state").asString()).isEqualTo("PENDING");
		Instant submitted = Instant.parse(pending.get("submittedAt").asString());
		assertThat(submitted).isBetween(before, Instant.now().plusSeconds(1));
		assertThat(exists("fake-gated", "status/g1.txt.json")).isFalse();
		harness.creditManager.allow("bob", true);
		JsonNode done = harness.awaitTask("fake-gated", "g1.txt", "SUCCEEDED", Duration.ofSeconds(20));
		assertThat(Instant.parse(done.get("submittedAt").asString())).isEqualTo(submitted);
		assertThat(done.get("attempts").asInt()).isEqualTo(1);
	}

	@Test
	void aTaskDroppedAnewUnderAFinishedTasksNameStartsAfreshNotFromItsRecord() throws Exception {
		harness.publish("fake-again", "true", "{}");
		harness.send("POST", "/api/v1/functions/fake-again/tasks?name=a1.txt", ALICE_TOKEN, "text/plain", new byte[0]);
		harness.awaitTask("fake-again", "a1.txt", "SUCCEEDED", Duration.ofSeconds(20));
		// A former task of that name failed twice before it succeeded.
		String former = "{\"id\":\"a1.txt\",\"state\":\"SUCCEEDED\",\"attempts\":3,\"failures\":2}";
		s3.putObject(PutObjectArgs.builder()
			.bucket("fake-again")
			.object("status/a1.txt.json")
			.stream(new ByteArrayInputStream(former.getBytes()), former.length(), -1)
			.build());
		s3.removeObject(RemoveObjectArgs.builder().bucket("fake-again").object("output/a1.txt").build());
		s3.putObject(PutObjectArgs.builder()
			.bucket("fake-again")
			.object("input/a1.txt")
			.stream(new ByteArrayInputStream(new byte[0]), 0, -1)
			.build());
		JsonNode done = harness.awaitTask("fake-again", "a1.txt", "SUCCEEDED", Duration.ofSeconds(20));
		assertThat(done.get("attempts").asInt()).isEqualTo(1);
		assertThat(done.get("failures").asInt()).isZero();
	}

	private static boolean exists(String bucket, String key) {
		try {
			s3.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
			return true;
		}
		catch (ErrorResponseException ex) {
			return false;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
