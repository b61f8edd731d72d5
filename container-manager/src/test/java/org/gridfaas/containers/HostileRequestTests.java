package org.gridfaas.containers;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

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
 * Requests a hostile client sends, on the whole service: each is refused with a clear
 * problem+json, nothing is stored half, and the service goes on for everyone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class HostileRequestTests {

	static final ContainerManagerHarness harness = new ContainerManagerHarness();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		harness.creditManager.allow("alice", false);
		harness.register(registry);
	}

	@TestConfiguration
	static class Cleanup {

		@Bean
		DisposableBean harnessCleanup() {
			return harness::close;
		}

	}

	@LocalServerPort
	void port(int port) {
		harness.port = port;
	}

	@Test
	void aTaskSentAsAFormIs415AndNothingIsStored() throws Exception {
		harness.publish("forms", "true", "{}");
		HttpResponse<String> response = harness.send("POST", "/api/v1/functions/forms/tasks?name=f.txt", ALICE_TOKEN,
				"application/x-www-form-urlencoded", "a=1&b=2".getBytes());
		assertThat(response.statusCode()).isEqualTo(415);
		assertProblem(response).contains("--data-binary");
		assertThat(harness.task("forms", "f.txt")).isNull();
	}

	@Test
	void aTaskBodyIsStoredAsItsRawBytesWhateverItsContentType() throws Exception {
		harness.publish("raw", "true", "{}");
		byte[] body = "line one\n\u0000binary\n".getBytes(StandardCharsets.UTF_8);
		for (String type : new String[] { "text/plain", "application/json", "image/png" }) {
			String task = type.replace('/', '-') + ".txt";
			assertThat(harness.send("POST", "/api/v1/functions/raw/tasks?name=" + task, ALICE_TOKEN, type, body)
				.statusCode()).as(type).isEqualTo(201);
		}
	}

	@Test
	void aTaskOverTheSizeLimitIs413ByItsLengthAndWhenChunked() throws Exception {
		harness.publish("big", "true", "{}");
		// The harness's limit is 1KB.
		HttpResponse<String> declared = harness.send("POST", "/api/v1/functions/big/tasks?name=b.txt", ALICE_TOKEN,
				"application/octet-stream", new byte[2048]);
		assertThat(declared.statusCode()).isEqualTo(413);
		assertProblem(declared).contains("over the limit of 1024 bytes");
		String chunked = raw("POST /api/v1/functions/big/tasks?name=c.txt HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
				+ ALICE_TOKEN + "\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n"
				+ "Connection: close\r\n\r\n800\r\n" + "x".repeat(2048) + "\r\n0\r\n\r\n");
		assertThat(chunked).startsWith("HTTP/1.1 413").contains("application/problem+json");
		assertThat(harness.task("big", "b.txt")).isNull();
		assertThat(harness.task("big", "c.txt")).isNull();
	}

	@Test
	void unknownAndDuplicateFieldsAndNumbersAsStringsAre400NamingTheField() throws Exception {
		JsonNode unknown = harness.read(harness.json("POST", "/api/v1/functions", ADMIN_TOKEN,
				"{\"name\":\"strict\",\"owner\":\"alice\",\"script\":\"true\",\"settings\":{\"cpumax\":100}}"));
		assertThat(unknown.get("invalid-params").get(0).get("name").asString()).isEqualTo("settings.cpumax");
		assertThat(unknown.get("invalid-params").get(0).get("reason").asString())
			.isEqualTo("is not a field of this request");
		JsonNode duplicate = harness.read(harness.json("POST", "/api/v1/functions", ADMIN_TOKEN,
				"{\"name\":\"strict\",\"owner\":\"alice\",\"script\":\"true\",\"script\":\"rm -rf /\"}"));
		assertThat(duplicate.get("invalid-params").get(0).get("reason").asString()).isEqualTo("is given twice");
		JsonNode string = harness.read(harness.json("POST", "/api/v1/functions", ADMIN_TOKEN,
				"{\"name\":\"strict\",\"owner\":\"alice\",\"script\":\"true\",\"settings\":{\"cpuMax\":\"100\"}}"));
		assertThat(string.get("invalid-params").get(0).get("name").asString()).isEqualTo("settings.cpuMax");
		assertThat(string.get("invalid-params").get(0).get("reason").asString()).isEqualTo("must be a JSON number");
		assertThat(harness.send("GET", "/api/v1/functions/strict", ADMIN_TOKEN, null, null).statusCode())
			.isEqualTo(404);
	}

	@Test
	void pathsTheServerOrItsFirewallRefuseAreProblemJsonToo() throws Exception {
		for (String path : new String[] { "/api/v1/functions/a%2Fb", "/api/v1/functions/%00",
				"/api/v1/functions/../../actuator", "/api/v1/functions/%2e%2e/x", "/api/v1/functions;x=1/y" }) {
			String response = raw("GET " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + ADMIN_TOKEN
					+ "\r\nConnection: close\r\n\r\n");
			assertThat(response).as(path).startsWith("HTTP/1.1 4").contains("Content-Type: application/problem+json");
		}
		assertThat(harness.send("GET", "/actuator/health", null, null, null).statusCode()).isEqualTo(200);
	}

	@Test
	void outOfRangeQueryNumbersAre400() throws Exception {
		for (String query : new String[] { "after=-1", "after=99999999999999999999", "limit=0", "limit=-5",
				"limit=100000000" }) {
			HttpResponse<String> response = harness.send("GET", "/api/v1/usage?" + query, ADMIN_TOKEN, null, null);
			assertThat(response.statusCode()).as(query + ": " + response.body()).isEqualTo(400);
		}
	}

	@Test
	void aBadAcknowledgementIsRefusedAndDropsNothing() throws Exception {
		String log = harness.read(harness.send("GET", "/api/v1/usage?after=0", ADMIN_TOKEN, null, null))
			.get("log")
			.asString();
		for (String body : new String[] { "{}", "{\"log\": \"" + log + "\", \"cursor\": -1}", "{\"log\": \"\"}",
				"{\"log\": \"" + "x".repeat(101) + "\", \"cursor\": 1}", "[1, 2]",
				"{\"log\": 5, \"cursor\": \"x\"}" }) {
			HttpResponse<String> response = harness.json("PUT", "/api/v1/usage/acknowledged", ADMIN_TOKEN, body);
			assertThat(response.statusCode()).as(body + ": " + response.body()).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		}
		HttpResponse<String> otherLog = harness.json("PUT", "/api/v1/usage/acknowledged", ADMIN_TOKEN,
				"{\"log\": \"another-log\", \"cursor\": 1}");
		assertThat(otherLog.statusCode()).as(otherLog.body()).isEqualTo(409);
		assertProblem(otherLog).contains("Nothing acknowledged");
		HttpResponse<String> pastTheEnd = harness.json("PUT", "/api/v1/usage/acknowledged", ADMIN_TOKEN,
				"{\"log\": \"" + log + "\", \"cursor\": 9000000000000}");
		assertThat(pastTheEnd.statusCode()).as(pastTheEnd.body()).isEqualTo(409);
		assertThat(harness
			.json("PUT", "/api/v1/usage/acknowledged", ALICE_TOKEN, "{\"log\": \"" + log + "\", \"cursor\": 0}")
			.statusCode()).as("only the admin acknowledges").isEqualTo(403);
	}

	private static org.assertj.core.api.AbstractStringAssert<?> assertProblem(HttpResponse<String> response) {
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		return assertThat(harness.read(response).get("detail").asString());
	}

	/** Sends bytes as they are, and reads the whole answer. */
	private static String raw(String request) throws Exception {
		try (Socket socket = new Socket("127.0.0.1", harness.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
		}
	}

}
