package org.gridfaas.credit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole service on a random port with its default H2 file database. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CreditManagerApplicationTests {

	private static final String ALICE = "alice-token-0123456789";

	private static final String BOB = "bob-token-0123456789abc";

	@TempDir
	static Path home;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("gridfaas.home", () -> home.toAbsolutePath().toString());
		registry.add("gridfaas.security.user-tokens.alice", () -> ALICE);
		registry.add("gridfaas.security.user-tokens.bob", () -> BOB);
		// Cycles run when a test says so; no ContainerManager answers on this port.
		registry.add("gridfaas.metering.enabled", () -> "false");
		registry.add("gridfaas.metering.container-managers", () -> "http://127.0.0.1:9");
	}

	@Autowired
	BillingCycle billingCycle;

	@Autowired
	org.springframework.jdbc.core.JdbcTemplate jdbc;

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void theDatabaseIsAnH2FileUnderTheHomeFolderAndShowsInHealth() throws Exception {
		HttpResponse<String> health = send("GET", "/actuator/health", null, null);
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"db\"");
		assertThat(home.resolve("data/credit-manager.mv.db")).exists();
	}

	@Test
	void prometheusMetricsNeedATokenForTheyHoldEveryBalance() throws Exception {
		assertThat(send("GET", "/actuator/prometheus", null, null).statusCode()).isEqualTo(401);
		assertThat(send("GET", "/actuator/prometheus", ALICE, null).statusCode()).isEqualTo(403);
		String metricsToken = Files.readString(home.resolve("metrics.token")).strip();
		assertThat(send("GET", "/actuator/prometheus", metricsToken, null).statusCode()).isEqualTo(200);
		assertThat(send("GET", "/api/v1/accounts", metricsToken, null).statusCode()).isEqualTo(403);
	}

	@Test
	void prometheusMetricsAreServed() throws Exception {
		assertThat(send("GET", "/actuator/prometheus", admin(), null).body()).contains("hikaricp_connections");
	}

	@Test
	void theAdminOpensAnAccountWithDefaultsAndANewAccountCannotStartWork() throws Exception {
		HttpResponse<String> created = send("PUT", "/api/v1/accounts/erin", admin(), "{}");
		assertThat(created.statusCode()).isEqualTo(201);
		JsonNode standing = json.readTree(created.body());
		assertThat(standing.get("balance").decimalValue()).isEqualByComparingTo("0");
		assertThat(standing.get("status").asString()).isEqualTo("IN_DEBT");
		assertThat(standing.get("policy").asString()).isEqualTo("GREEDY");
		assertThat(standing.get("maxDebt").decimalValue()).isEqualByComparingTo("-0.5");
		assertThat(standing.get("mayStartWork").asBoolean()).isFalse();
	}

	@Test
	void theAdminChangesSettingsAndKeepsTheRest() throws Exception {
		send("PUT", "/api/v1/accounts/carol", admin(), "{\"minBalance\": 1}");
		HttpResponse<String> changed = send("PUT", "/api/v1/accounts/carol", admin(),
				"{\"policy\": \"CONSERVATIVE\", \"maxDebt\": -2}");
		assertThat(changed.statusCode()).isEqualTo(200);
		JsonNode standing = json.readTree(changed.body());
		assertThat(standing.get("policy").asString()).isEqualTo("CONSERVATIVE");
		assertThat(standing.get("minBalance").decimalValue()).isEqualByComparingTo("1");
		assertThat(standing.get("maxDebt").decimalValue()).isEqualByComparingTo("-2");
	}

	@Test
	void aUserReadsItsOwnStandingButNotAnotherUsers() throws Exception {
		send("PUT", "/api/v1/accounts/alice", admin(), "{}");
		send("PUT", "/api/v1/accounts/bob", admin(), "{}");
		assertThat(send("GET", "/api/v1/accounts/alice", ALICE, null).statusCode()).isEqualTo(200);
		HttpResponse<String> forbidden = send("GET", "/api/v1/accounts/bob", ALICE, null);
		assertThat(forbidden.statusCode()).isEqualTo(403);
		assertThat(forbidden.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(send("GET", "/api/v1/accounts", ALICE, null).statusCode()).isEqualTo(403);
	}

	@Test
	void aUserCannotChangeItsOwnDebtLimit() throws Exception {
		assertThat(send("PUT", "/api/v1/accounts/alice", ALICE, "{\"maxDebt\": -1000}").statusCode()).isEqualTo(403);
	}

	@Test
	void callsWithoutATokenGet401() throws Exception {
		HttpResponse<String> response = send("GET", "/api/v1/accounts/alice", null, null);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	@Test
	void anUnknownUserIs404ProblemJson() throws Exception {
		HttpResponse<String> response = send("GET", "/api/v1/accounts/nobody", admin(), null);
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(json.readTree(response.body()).get("detail").asString()).contains("nobody");
	}

	@Test
	void aPositiveDebtLimitIs400NamingTheField() throws Exception {
		HttpResponse<String> response = send("PUT", "/api/v1/accounts/dave", admin(), "{\"maxDebt\": 0.5}");
		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode param = json.readTree(response.body()).get("invalid-params").get(0);
		assertThat(param.get("name").asString()).isEqualTo("maxDebt");
		assertThat(send("GET", "/api/v1/accounts/dave", admin(), null).statusCode()).isEqualTo(404);
	}

	@Test
	void anInvalidUserNameIs400NamingThePathVariable() throws Exception {
		HttpResponse<String> response = send("PUT", "/api/v1/accounts/a..b", admin(), "{}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(json.readTree(response.body()).get("invalid-params").get(0).get("name").asString())
			.isEqualTo("user");
	}

	@Test
	void aDepositCreditsTheBalanceAndLetsWorkStart() throws Exception {
		send("PUT", "/api/v1/accounts/frank", admin(), "{}");
		HttpResponse<String> deposit = deposit("frank", "4", "frank-1");
		assertThat(deposit.statusCode()).as(deposit.body()).isEqualTo(201);
		JsonNode standing = json.readTree(deposit.body()).get("standing");
		assertThat(standing.get("balance").decimalValue()).isEqualByComparingTo("4");
		assertThat(standing.get("status").asString()).isEqualTo("NORMAL");
		assertThat(standing.get("mayStartWork").asBoolean()).isTrue();
	}

	@Test
	void aRetriedDepositIsCreditedOnceAndAReusedKeyWithAnotherAmountIs409() throws Exception {
		send("PUT", "/api/v1/accounts/grace", admin(), "{}");
		HttpResponse<String> first = deposit("grace", "1.5", "grace-1");
		HttpResponse<String> retry = deposit("grace", "1.5", "grace-1");
		assertThat(retry.statusCode()).isEqualTo(200);
		assertThat(json.readTree(retry.body()).get("transfer").get("id").asLong())
			.isEqualTo(json.readTree(first.body()).get("transfer").get("id").asLong());
		HttpResponse<String> conflict = deposit("grace", "2", "grace-1");
		assertThat(conflict.statusCode()).isEqualTo(409);
		assertThat(conflict.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode standing = json.readTree(send("GET", "/api/v1/accounts/grace", admin(), null).body());
		assertThat(standing.get("balance").decimalValue()).isEqualByComparingTo("1.5");
	}

	@Test
	void badDepositAmountsAre400NamingTheAmountAndCreditNothing() throws Exception {
		send("PUT", "/api/v1/accounts/heidi", admin(), "{}");
		for (String amount : new String[] { "-1", "0", "\"NaN\"", "0.000000001", "1e12" }) {
			HttpResponse<String> response = send("POST", "/api/v1/accounts/heidi/deposits", admin(),
					"{\"amount\": " + amount + "}");
			assertThat(response.statusCode()).as(amount).isEqualTo(400);
			assertThat(json.readTree(response.body()).get("invalid-params").get(0).get("name").asString()).as(amount)
				.isEqualTo("amount");
		}
		JsonNode standing = json.readTree(send("GET", "/api/v1/accounts/heidi", admin(), null).body());
		assertThat(standing.get("balance").decimalValue()).isEqualByComparingTo("0");
	}

	@Test
	void onlyTheAdminDepositsAndOnlyIntoAccountsThatExist() throws Exception {
		send("PUT", "/api/v1/accounts/alice", admin(), "{}");
		assertThat(send("POST", "/api/v1/accounts/alice/deposits", ALICE, "{\"amount\": 100}").statusCode())
			.isEqualTo(403);
		assertThat(deposit("nobody", "1", null).statusCode()).isEqualTo(404);
	}

	@Test
	void afterACycleEachUsersBalanceStatusAndTheLedgerTotalsAreInPrometheus() throws Exception {
		send("PUT", "/api/v1/accounts/ivan", admin(), "{\"minBalance\": 1, \"maxDebt\": -0.5}");
		deposit("ivan", "2", "ivan-1");
		this.billingCycle.run();
		String metrics = send("GET", "/actuator/prometheus", admin(), null).body();
		assertThat(metrics).contains("gridfaas_account_balance_GRC{user=\"ivan\"} 2.0")
			.contains("gridfaas_account_debt_limit_GRC{user=\"ivan\"} -0.5")
			.contains("gridfaas_account_status{user=\"ivan\"} 0.0")
			.contains("gridfaas_billing_charges_total{user=\"ivan\"} 0.0")
			.contains("gridfaas_ledger_total_GRC 0.0")
			.contains("gridfaas_billing_cycle_seconds_count");
	}

	@Test
	void aUserReadsItsOwnUsageAndLedgerAndOnlyTheAdminChecksTheLedger() throws Exception {
		send("PUT", "/api/v1/accounts/alice", admin(), "{}");
		deposit("alice", "3", "alice-ledger-1");
		JsonNode usage = this.json.readTree(send("GET", "/api/v1/accounts/alice/usage", ALICE, null).body());
		assertThat(usage.get("charged").decimalValue()).isZero();
		assertThat(usage.get("vcoreSecondsPerGrc").decimalValue()).isEqualByComparingTo("600");
		JsonNode ledger = this.json.readTree(send("GET", "/api/v1/accounts/alice/ledger", ALICE, null).body());
		assertThat(ledger.get("transfers").get(0).get("kind").asString()).isEqualTo("DEPOSIT");
		assertThat(send("GET", "/api/v1/accounts/alice/usage", BOB, null).statusCode()).isEqualTo(403);
		assertThat(send("GET", "/api/v1/accounts/alice/ledger", BOB, null).statusCode()).isEqualTo(403);
		assertThat(send("GET", "/api/v1/ledger/check", ALICE, null).statusCode()).isEqualTo(403);
		JsonNode check = this.json.readTree(send("GET", "/api/v1/ledger/check", admin(), null).body());
		assertThat(check.get("balanced").asBoolean()).isTrue();
	}

	@Test
	void theAdminIssuesAUserATokenShownOnceAndANewOneRetiresTheOld() throws Exception {
		send("PUT", "/api/v1/accounts/judy", admin(), "{}");
		HttpResponse<String> issued = send("POST", "/api/v1/accounts/judy/token", admin(), null);
		assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
		String token = this.json.readTree(issued.body()).get("token").asString();
		assertThat(token).startsWith("gfu_").hasSizeGreaterThan(40);
		JsonNode me = this.json.readTree(send("GET", "/api/v1/me", token, null).body());
		assertThat(me.get("name").asString()).isEqualTo("judy");
		assertThat(send("GET", "/api/v1/accounts/judy", token, null).statusCode()).isEqualTo(200);
		assertThat(send("GET", "/api/v1/accounts/alice", token, null).statusCode()).isEqualTo(403);
		assertThat(send("POST", "/api/v1/accounts/judy/token", token, null).statusCode()).as("only the admin issues")
			.isEqualTo(403);

		String next = this.json.readTree(send("POST", "/api/v1/accounts/judy/token", admin(), null).body())
			.get("token")
			.asString();
		assertThat(send("GET", "/api/v1/accounts/judy", token, null).statusCode()).isEqualTo(401);
		assertThat(send("GET", "/api/v1/accounts/judy", next, null).statusCode()).isEqualTo(200);
		assertThat(send("POST", "/api/v1/accounts/nobody/token", admin(), null).statusCode()).isEqualTo(404);
		assertThat(Files.readString(home.resolve("data/credit-manager.mv.db"),
				java.nio.charset.StandardCharsets.ISO_8859_1))
			.as("only the token's digest is stored")
			.doesNotContain(next);
	}

	@Test
	void theLocalWalletHasNoDepositAddressAndPaysNothingOut() throws Exception {
		send("PUT", "/api/v1/accounts/kim", admin(), "{}");
		assertThat(send("GET", "/api/v1/accounts/kim/deposit-address", admin(), null).statusCode()).isEqualTo(404);
		HttpResponse<String> withdrawal = send("POST", "/api/v1/accounts/kim/withdrawals", admin(),
				"{\"address\":\"S" + "x".repeat(33) + "\",\"amount\":1}");
		assertThat(withdrawal.statusCode()).isEqualTo(409);
		assertThat(withdrawal.body()).contains("local wallet");
	}

	@Test
	void aDepositWhoseKeyTheLedgerWouldRefuseIs400AndLeavesNothingToFailLaterCycles() throws Exception {
		send("PUT", "/api/v1/accounts/liam", admin(), "{}");
		for (String key : new String[] { "has a space", "tab\there", "k".repeat(191) }) {
			HttpResponse<String> refused = deposit("liam", "1", key);
			assertThat(refused.statusCode()).as(key).isEqualTo(400);
			assertThat(refused.body()).contains("Idempotency-Key must be 1 to 190 printable ASCII characters");
		}
		this.billingCycle.run();
		JsonNode standing = this.json.readTree(send("GET", "/api/v1/accounts/liam", admin(), null).body());
		assertThat(standing.get("balance").decimalValue()).isEqualByComparingTo("0");
		assertThat(send("GET", "/actuator/prometheus", admin(), null).body())
			.doesNotContain("gridfaas_billing_failures_total");
	}

	@Test
	void aDepositThatWouldPassTheLargestBalanceIsRefusedAndAccountsStayReadable() throws Exception {
		send("PUT", "/api/v1/accounts/mia", admin(), "{}");
		assertThat(deposit("mia", "5000000000", "mia-1").statusCode()).isEqualTo(201);
		HttpResponse<String> second = deposit("mia", "10000000000", "mia-2");
		assertThat(second.statusCode()).isEqualTo(400);
		assertThat(second.body()).contains("would pass 10000000000 GRC");
		// Retrying the refused key is refused again, not found half-posted.
		assertThat(deposit("mia", "10000000000", "mia-2").statusCode()).isEqualTo(400);
		this.billingCycle.run();
		assertThat(send("GET", "/api/v1/accounts", admin(), null).statusCode()).isEqualTo(200);
		JsonNode standing = this.json.readTree(send("GET", "/api/v1/accounts/mia", admin(), null).body());
		assertThat(standing.get("balance").decimalValue()).isEqualByComparingTo("5000000000");
	}

	@Test
	void moneyMustBeAJsonNumberAndUnknownOrDuplicateFieldsAreRefusedByName() throws Exception {
		send("PUT", "/api/v1/accounts/pia", admin(), "{}");
		JsonNode string = this.json.readTree(deposit("pia", "\"1\"", null).body());
		assertThat(string.get("invalid-params").get(0).get("name").asString()).isEqualTo("amount");
		assertThat(string.get("invalid-params").get(0).get("reason").asString()).isEqualTo("must be a JSON number");
		HttpResponse<String> unknown = send("PUT", "/api/v1/accounts/pia", admin(), "{\"maxdebt\": -3}");
		assertThat(unknown.statusCode()).isEqualTo(400);
		assertThat(this.json.readTree(unknown.body()).get("invalid-params").get(0).get("name").asString())
			.isEqualTo("maxdebt");
		HttpResponse<String> twice = send("PUT", "/api/v1/accounts/pia", admin(),
				"{\"maxDebt\": -1, \"maxDebt\": -900}");
		assertThat(twice.statusCode()).isEqualTo(400);
		assertThat(twice.body()).contains("is given twice");
		JsonNode standing = this.json.readTree(send("GET", "/api/v1/accounts/pia", admin(), null).body());
		assertThat(standing.get("balance").decimalValue()).isEqualByComparingTo("0");
		assertThat(standing.get("maxDebt").decimalValue()).isEqualByComparingTo("-0.5");
	}

	@Test
	void aBodyOverTheLimitIs413() throws Exception {
		HttpResponse<String> response = send("PUT", "/api/v1/accounts/quinn", admin(),
				"{\"memo\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}");
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(send("GET", "/api/v1/accounts/quinn", admin(), null).statusCode()).isEqualTo(404);
	}

	@Test
	void aDepositThatCannotBeCreditedHoldsUpNoOtherDeposit() throws Exception {
		send("PUT", "/api/v1/accounts/noah", admin(), "{}");
		send("PUT", "/api/v1/accounts/olga", admin(), "{}");
		// Confirmed deposits waiting in the database, as after a confirmation delay:
		// noah's can never be credited (it would pass the largest balance), olga's can.
		String pending = "insert into local_deposit (idempotency_key, user_id, amount, memo, requested_at, confirm_at, credited)"
				+ " values (?, ?, ?, null, current_timestamp, current_timestamp, false)";
		this.jdbc.update(pending, "noah-too-much", "noah", new java.math.BigDecimal("10000000000"));
		this.jdbc.update(pending, "olga-fine", "olga", new java.math.BigDecimal("3"));
		this.billingCycle.run();
		this.billingCycle.run();
		assertThat(this.json.readTree(send("GET", "/api/v1/accounts/olga", admin(), null).body())
			.get("balance")
			.decimalValue()).isEqualByComparingTo("3");
		assertThat(this.json.readTree(send("GET", "/api/v1/accounts/noah", admin(), null).body())
			.get("balance")
			.decimalValue()).isEqualByComparingTo("0");
	}

	private HttpResponse<String> deposit(String user, String amount, String key) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/v1/accounts/" + user + "/deposits"))
			.POST(HttpRequest.BodyPublishers.ofString("{\"amount\": " + amount + "}"))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + admin());
		if (key != null) {
			request.header("Idempotency-Key", key);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String admin() throws Exception {
		return Files.readString(home.resolve("admin.token")).strip();
	}

}
