package org.gridfaas.credit.wallet.gridcoin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.gridfaas.credit.BillingCycle;
import org.gridfaas.testing.GridcoinNodeReplay;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** CreditManager with {@code gridfaas.wallet.kind=gridcoin}, against a replayed node. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GridcoinWalletApplicationTests {

	static final GridcoinNodeReplay node = new GridcoinNodeReplay();

	@TempDir
	static Path home;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("gridfaas.home", () -> home.toAbsolutePath().toString());
		registry.add("gridfaas.wallet.kind", () -> "gridcoin");
		registry.add("gridfaas.wallet.gridcoin.url", () -> NodeProperties.of(node, 10).url().toString());
		registry.add("gridfaas.wallet.gridcoin.user", () -> GridcoinNodeReplay.USER);
		registry.add("gridfaas.wallet.gridcoin.password", () -> GridcoinNodeReplay.PASSWORD);
		registry.add("gridfaas.metering.enabled", () -> "false");
		registry.add("gridfaas.metering.container-managers", () -> "http://127.0.0.1:9");
	}

	@Autowired
	BillingCycle billingCycle;

	@LocalServerPort
	int port;

	final HttpClient http = HttpClient.newHttpClient();

	final JsonMapper json = JsonMapper.builder().build();

	@AfterAll
	static void stop() throws Exception {
		node.close();
	}

	@Test
	void aDepositToTheUsersAddressBecomesBalanceOnceConfirmedAndTheApiDepositIsRefused() throws Exception {
		assertThat(send("PUT", "/api/v1/accounts/dave", "{}").statusCode()).isEqualTo(201);
		JsonNode address = this.json.readTree(send("GET", "/api/v1/accounts/dave/deposit-address", null).body());
		String txid = node.receive(address.get("address").asString(), "3.25");
		node.confirm(txid);
		node.mine(9);
		this.billingCycle.run();
		JsonNode standing = this.json.readTree(send("GET", "/api/v1/accounts/dave", null).body());
		assertThat(standing.get("balance").decimalValue()).isEqualByComparingTo("3.25");
		assertThat(send("POST", "/api/v1/accounts/dave/deposits", "{\"amount\": 1}").statusCode()).isEqualTo(409);
	}

	@Test
	void aUserWithdrawsTheRemainderLessTheFeeAndBadWithdrawalsAreRefusedClearly() throws Exception {
		assertThat(send("PUT", "/api/v1/accounts/erin", "{}").statusCode()).isEqualTo(201);
		JsonNode address = this.json.readTree(send("GET", "/api/v1/accounts/erin/deposit-address", null).body());
		String txid = node.receive(address.get("address").asString(), "2");
		node.confirm(txid);
		node.mine(9);
		this.billingCycle.run();

		String outside = "S" + "y".repeat(33);
		HttpResponse<String> tooMuch = send("POST", "/api/v1/accounts/erin/withdrawals",
				"{\"address\":\"" + outside + "\",\"amount\":2}");
		assertThat(tooMuch.statusCode()).as(tooMuch.body()).isEqualTo(409);
		HttpResponse<String> badAddress = send("POST", "/api/v1/accounts/erin/withdrawals",
				"{\"address\":\"nowhere\",\"amount\":1}");
		assertThat(badAddress.statusCode()).isEqualTo(400);
		assertThat(badAddress.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		HttpResponse<String> negative = send("POST", "/api/v1/accounts/erin/withdrawals",
				"{\"address\":\"" + outside + "\",\"amount\":-1}");
		assertThat(negative.statusCode()).isEqualTo(400);

		HttpResponse<String> sent = send("POST", "/api/v1/accounts/erin/withdrawals",
				"{\"address\":\"" + outside + "\",\"amount\":1.99}");
		assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
		assertThat(this.json.readTree(sent.body()).get("state").asString()).isEqualTo("SENT");
		JsonNode standing = this.json.readTree(send("GET", "/api/v1/accounts/erin", null).body());
		assertThat(standing.get("balance").decimalValue()).isZero();
	}

	@Test
	void theNodeShowsInHealthWithoutItsCredentialsAndBillingGoesOnWhileItIsDown() throws Exception {
		String health = send("GET", "/actuator/health", null).body();
		assertThat(health).contains("\"gridcoin\"").contains("\"blocks\"").doesNotContain(GridcoinNodeReplay.PASSWORD);
		node.setDown(true);
		try {
			this.billingCycle.run();
			assertThat(send("GET", "/actuator/health", null).body()).contains("DOWN")
				.contains("\"cause\":\"unreachable\"")
				.doesNotContain(GridcoinNodeReplay.PASSWORD);
		}
		finally {
			node.setDown(false);
		}
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void whileTheNodeIsDownCallsThatNeedItAre503ProblemsWithNoStackTraceInTheLog(CapturedOutput output)
			throws Exception {
		assertThat(send("PUT", "/api/v1/accounts/fay", "{}").statusCode()).isEqualTo(201);
		node.setDown(true);
		try {
			HttpResponse<String> address = send("GET", "/api/v1/accounts/fay/deposit-address", null);
			HttpResponse<String> withdrawal = send("POST", "/api/v1/accounts/fay/withdrawals",
					"{\"address\":\"S" + "y".repeat(33) + "\",\"amount\":1}");
			for (HttpResponse<String> refused : java.util.List.of(address, withdrawal)) {
				assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
				assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
				assertThat(refused.body()).contains("urn:gridfaas:problem:unavailable", "cannot be reached");
			}
			assertThat(output.getAll()).contains("A request needed the Gridcoin node")
				.doesNotContain("\tat org.gridfaas");
		}
		finally {
			node.setDown(false);
		}
	}

	private HttpResponse<String> send(String method, String path, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody())
			.header("Authorization", "Bearer " + Files.readString(home.resolve("admin.token")).strip());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
