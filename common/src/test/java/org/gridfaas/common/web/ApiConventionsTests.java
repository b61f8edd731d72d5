package org.gridfaas.common.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conventions both services share, checked over real HTTP: token security, 401/403
 * and 400 as problem+json naming the field, money on the wire.
 */
@SpringBootTest(classes = SampleApi.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiConventionsTests {

	private static final String ALICE = "alice-token-0123456789";

	private static final String BOB = "bob-token-0123456789abc";

	@TempDir
	static Path home;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("gridfaas.home", home::toString);
		registry.add("gridfaas.security.user-tokens.alice", () -> ALICE);
		registry.add("gridfaas.security.user-tokens.bob", () -> BOB);
	}

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void theAdminTokenIsGeneratedIntoAFileOnlyItsOwnerCanRead() throws Exception {
		Path file = home.resolve("admin.token");
		assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
		assertThat(Files.readString(file).strip()).hasSizeGreaterThanOrEqualTo(40);
		assertThat(get("/api/v1/me", adminToken()).body()).contains("\"role\":\"admin\"");
	}

	@Test
	void aCallWithoutATokenGets401ProblemJson() throws Exception {
		HttpResponse<String> response = get("/api/v1/accounts/alice", null);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.get("status").asInt()).isEqualTo(401);
		assertThat(problem.get("type").asString()).isEqualTo("urn:gridfaas:problem:unauthenticated");
		assertThat(problem.get("instance").asString()).isEqualTo("/api/v1/accounts/alice");
	}

	@Test
	void aWrongTokenGets401AndIsNeverEchoed() throws Exception {
		HttpResponse<String> response = get("/api/v1/accounts/alice", "not-a-real-token-at-all");
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).doesNotContain("not-a-real-token-at-all").contains("not valid");
	}

	@Test
	void aUserTokenReadsItsOwnDataOnly() throws Exception {
		assertThat(get("/api/v1/accounts/alice", ALICE).statusCode()).isEqualTo(200);
		HttpResponse<String> response = get("/api/v1/accounts/bob", ALICE);
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(json.readTree(response.body()).get("type").asString()).isEqualTo("urn:gridfaas:problem:forbidden");
		assertThat(get("/api/v1/accounts/bob", BOB).statusCode()).isEqualTo(200);
	}

	@Test
	void theAdminTokenReadsEveryUsersData() throws Exception {
		assertThat(get("/api/v1/accounts/alice", adminToken()).statusCode()).isEqualTo(200);
		assertThat(get("/api/v1/accounts/bob", adminToken()).statusCode()).isEqualTo(200);
	}

	@Test
	void healthAndMetricsNeedNoToken() throws Exception {
		assertThat(get("/actuator/health", null).statusCode()).isNotIn(401, 403);
	}

	@Test
	void moneyIsWrittenAsAPlainNumberWithEightDecimals() throws Exception {
		HttpResponse<String> response = get("/api/v1/accounts/alice", ALICE);
		assertThat(response.body()).contains("\"balance\":0.00000000");
	}

	@Test
	void anInvalidUserNameInThePathIs400NamingTheVariable() throws Exception {
		HttpResponse<String> response = get("/api/v1/accounts/Not_Valid-", adminToken());
		assertInvalid(response, "user", "user name");
	}

	@Test
	void anAmountWithMoreThanEightDecimalsIs400NamingTheField() throws Exception {
		assertInvalid(post("/api/v1/accounts/alice/deposits", "{\"amount\": 0.000000001}"), "amount", "8 decimals");
	}

	@Test
	void aNegativeOrZeroDepositIs400NamingTheField() throws Exception {
		assertInvalid(post("/api/v1/accounts/alice/deposits", "{\"amount\": -1}"), "amount", "greater than 0");
		assertInvalid(post("/api/v1/accounts/alice/deposits", "{\"amount\": 0}"), "amount", "greater than 0");
	}

	@Test
	void aNonFiniteAmountIs400NamingTheField() throws Exception {
		assertInvalid(post("/api/v1/accounts/alice/deposits", "{\"amount\": \"NaN\"}"), "amount", "");
		assertInvalid(post("/api/v1/accounts/alice/deposits", "{\"amount\": NaN}"), "amount", "");
		assertInvalid(post("/api/v1/accounts/alice/deposits", "{\"amount\": 1e400}"), "amount", "at most");
	}

	@Test
	void anInvalidNameInTheBodyIs400NamingTheField() throws Exception {
		assertInvalid(post("/api/v1/accounts/alice/deposits", "{\"amount\": 1, \"function\": \"../etc\"}"), "function",
				"function name");
	}

	@Test
	void aValidDepositEchoesExactAmounts() throws Exception {
		HttpResponse<String> response = post("/api/v1/accounts/alice/deposits",
				"{\"amount\": 1.5, \"function\": \"stress\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"amount\":1.50000000,\"function\":\"stress\"}");
	}

	private void assertInvalid(HttpResponse<String> response, String field, String reason) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.get("type").asString()).isEqualTo("urn:gridfaas:problem:invalid-input");
		JsonNode param = problem.get(Problems.INVALID_PARAMS).get(0);
		assertThat(param.get("name").asString()).isEqualTo(field);
		assertThat(param.get("reason").asString()).contains(reason);
	}

	private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("Authorization", "Bearer " + ALICE)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static String adminToken() throws IOException {
		return Files.readString(home.resolve("admin.token")).strip();
	}

}
