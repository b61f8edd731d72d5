package org.gridfaas.containers.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.minio.MinioClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

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
import static org.gridfaas.containers.ContainerManagerHarness.ALICE_TOKEN;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The acceptance on the whole service: a function published with a debootstrap
 * definition (Debian bookworm with python3, and a {@code %post} that writes a marker) is
 * built into a real SIF and runs its task inside it on the local runtime. debootstrap
 * fetches from the Debian mirror, so this takes a minute or two.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class DebootstrapImageTests {

	static final ContainerManagerHarness harness = new ContainerManagerHarness();

	static final MinioClient s3 = harness.s3.client();

	@TempDir
	static Path folder;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		harness.creditManager.allow("alice", true);
		harness.register(registry);
	}

	@LocalServerPort
	void port(int port) {
		harness.port = port;
	}

	@TestConfiguration
	static class Cleanup {

		@Bean
		DisposableBean harnessCleanup() {
			return harness::close;
		}

	}

	@BeforeAll
	static void requireRootAndDebootstrap() {
		assumeTrue("root".equals(System.getProperty("user.name")), "images are built by a root service only");
		assumeTrue(Files.isExecutable(Path.of("/usr/sbin/debootstrap")), "debootstrap is not installed");
	}

	@AfterAll
	static void closeClient() throws Exception {
		s3.close();
	}

	@Test
	void aDebootstrapDefinitionWithPython3IsBuiltAndItsTaskRunsInside() throws Exception {
		harness.publishWithDefinition("python-fn",
				"python3 --version > \"$2/version.txt\"; cat /opt/marker > \"$2/marker.txt\"", """
						Bootstrap: debootstrap
						OSVersion: bookworm
						MirrorURL: http://deb.debian.org/debian
						Include: python3

						%post
						    echo "made by %post on $(cat /etc/debian_version)" > /opt/marker

						%labels
						    org.gridfaas.test debootstrap
						""");
		JsonNode image = harness.awaitImage("python-fn", "ready", Duration.ofMinutes(8));
		assertThat(image.get("source").asString()).isEqualTo("built");
		System.out.println("debootstrap image built in " + image.get("buildSeconds") + " s, "
				+ image.get("buildCpuSeconds") + " s of CPU");
		Path sif = FunctionImageTests.download(s3, folder, "python-fn", "utils/python-fn.sif");
		assertThat(TestImages.run(List.of("siftool", "list", sif.toString()))).contains("Def.FILE",
				"FS (Squashfs/*System/amd64)");
		harness.send("POST", "/api/v1/functions/python-fn/tasks?name=v.txt", ALICE_TOKEN, "text/plain", new byte[0]);
		harness.awaitTask("python-fn", "v.txt", "SUCCEEDED", Duration.ofSeconds(60));
		// bookworm's python3 is 3.11, whatever the host has (or lacks).
		assertThat(FunctionImageTests.read(s3, folder, "python-fn", "results/v.txt/version.txt"))
			.startsWith("Python 3.11.");
		assertThat(FunctionImageTests.read(s3, folder, "python-fn", "results/v.txt/marker.txt"))
			.startsWith("made by %post on 12.");
	}

}
