package org.gridfaas.containers.task;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Optional;

import com.sun.net.httpserver.HttpServer;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
 * Outbound network for the functions the provider granted it, through pasta, on the real
 * local runtime: they reach a host outside (a network namespace of the test's own), and
 * still not the host's own services; every other function reaches nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class NetworkEgressTests {

	static final ContainerManagerHarness harness = new ContainerManagerHarness();

	static final MinioClient s3 = harness.s3.client();

	static OutsideHost outside;

	/** A service on every address of the host, which no task may reach. */
	static HttpServer hostService;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		harness.creditManager.allow("alice", true);
		harness.register(registry);
		registry.add("gridfaas.functions.network.egress", () -> "granted");
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
	static void startOutsideHost() throws Exception {
		assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces need root");
		assumeTrue(new ProcessBuilder("pasta", "--version").start().waitFor() == 0,
				"pasta (Debian's passt) is missing");
		outside = OutsideHost.start("hello from outside").orElse(null);
		assumeTrue(outside != null, "network namespaces cannot be made here");
		hostService = HttpServer.create(new InetSocketAddress(0), 0);
		hostService.start();
	}

	@AfterAll
	static void stop() throws Exception {
		if (hostService != null) {
			hostService.stop(0);
		}
		if (outside != null) {
			outside.close();
		}
		s3.close();
	}

	@Test
	void aGrantedFunctionReachesTheOutsideButNotTheHostsOwnServices() throws Exception {
		String script = probes() + "\nfetch " + outside.address() + " " + OutsideHost.PORT + " > \"$2/outside.txt\"";
		harness.publish("granted", "alice", script, "{}");
		JsonNode task = runTask("granted");
		assertThat(task.get("state").asString()).as(task.toString()).isEqualTo("SUCCEEDED");
		assertThat(read("granted", "results/t.txt/outside.txt")).contains("200 OK", "hello from outside");
		assertThat(read("granted", "results/t.txt/probes.txt")).contains("loopback closed", "host address closed")
			.doesNotContain("open");
		JsonNode view = harness.read(harness.json("GET", "/api/v1/functions/granted", ALICE_TOKEN, null));
		assertThat(view.get("network").asString()).isEqualTo("egress");
	}

	@Test
	void aFunctionWithoutTheGrantReachesNothingOutside() throws Exception {
		String script = probes() + "\nfetch " + outside.address() + " " + OutsideHost.PORT
				+ " > \"$2/outside.txt\" 2>&1 || echo \"unreachable $?\" >> \"$2/outside.txt\"";
		harness.publish("not-granted", "alice", script, "{}");
		JsonNode task = runTask("not-granted");
		assertThat(task.get("state").asString()).isEqualTo("SUCCEEDED");
		assertThat(read("not-granted", "results/t.txt/outside.txt")).contains("unreachable")
			.doesNotContain("hello from outside");
		JsonNode view = harness.read(harness.json("GET", "/api/v1/functions/not-granted", ALICE_TOKEN, null));
		assertThat(view.get("network").asString()).isEqualTo("none");
	}

	@Test
	void aUserCannotGrantItselfTheNetworkThroughItsSettings() throws Exception {
		harness.publish("self-granted", "alice", "true", "{}");
		HttpResponse<String> refused = harness.json("PUT", "/api/v1/functions/self-granted", ALICE_TOKEN,
				"{\"settings\": {\"network\": \"egress\"}}");
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("network");
	}

	/**
	 * Bash functions: {@code fetch HOST PORT} does an HTTP GET of {@code hello.txt}; then
	 * the host's service is tried on loopback and on the host's own address.
	 */
	private static String probes() throws Exception {
		return """
				OUT="$2"
				fetch() { timeout 10 bash -c 'exec 3<>/dev/tcp/'"$1/$2"' && printf "GET /hello.txt HTTP/1.0\\r\\n\\r\\n" >&3 && cat <&3'; }
				probe() { if timeout 5 bash -c "exec 3<>/dev/tcp/$2/%1$d" 2>/dev/null; then echo "$1 open"; else echo "$1 closed"; fi >> "$OUT/probes.txt"; }
				probe loopback 127.0.0.1
				probe "host address" %2$s
				"""
			.formatted(hostService.getAddress().getPort(), hostAddress());
	}

	/** The host's first IPv4 address that is not loopback nor the test's own. */
	private static String hostAddress() throws Exception {
		for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
			if (!nic.isUp() || nic.isLoopback()) {
				continue;
			}
			Optional<InetAddress> address = nic.inetAddresses()
				.filter((found) -> found instanceof Inet4Address && !found.getHostAddress().startsWith("198.18."))
				.findFirst();
			if (address.isPresent()) {
				return address.get().getHostAddress();
			}
		}
		return "127.0.0.1";
	}

	private static JsonNode runTask(String function) throws Exception {
		HttpResponse<String> response = harness.send("POST", "/api/v1/functions/" + function + "/tasks?name=t.txt",
				ALICE_TOKEN, "application/octet-stream", new byte[0]);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		for (int i = 0; i < 600; i++) {
			JsonNode record = harness.task(function, "t.txt");
			String state = (record != null) ? record.get("state").asString() : "";
			if (state.equals("SUCCEEDED") || state.equals("FAILED")) {
				return record;
			}
			Thread.sleep(50);
		}
		throw new AssertionError("task " + function + "/t.txt did not end");
	}

	private static String read(String bucket, String key) throws Exception {
		try (var in = s3.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
