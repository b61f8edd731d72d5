package org.gridfaas.system;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.gridfaas.common.api.CreditManagerApi;
import org.gridfaas.testing.GridcoinNodeReplay;
import org.gridfaas.testing.PostgresServer;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CreditManager killed with SIGKILL right after it answered: what it answered, and the
 * charges it made, must survive, on the single-node default (H2) and on PostgreSQL. Each
 * round kills it a moment after a 201 and starts it again on the same database.
 */
class CreditManagerCrashTests {

	static final int ROUNDS = 2;

	Path home;

	PostgresServer postgres;

	ServiceProcess creditManager;

	GridcoinNodeReplay node;

	@AfterEach
	void stop() throws Exception {
		if (this.creditManager != null) {
			this.creditManager.close();
		}
		if (this.node != null) {
			this.node.close();
		}
		if (this.postgres != null) {
			this.postgres.close();
		}
	}

	@ParameterizedTest(name = "on {0}")
	@ValueSource(strings = { "h2", "postgresql" })
	void aDepositAnsweredCreditedAndTheChargesMadeSurviveAKillRightAfter(String database) throws Exception {
		// A ContainerManager's usage log that grows by one CPU-second every 100 ms while
		// CreditManager is killed and started again: every second is charged exactly
		// once.
		try (UsageLogServer usage = new UsageLogServer("carol", 80)) {
			Map<String, String> settings = settings(database);
			settings.putAll(Map.of("gridfaas.metering.container-managers", usage.url(), "gridfaas.metering.period",
					"1s", "gridfaas.metering.vcore-seconds-per-grc", "100", "gridfaas.metering.minimum-charge", "0.01",
					"gridfaas.metering.noise-threshold", "0s"));
			this.creditManager = start(settings);
			openAccount("carol");
			for (int round = 1; round <= ROUNDS; round++) {
				ResponseEntity<JsonNode> deposit = api().deposit("carol", "deposit-" + round,
						Map.of("amount", BigDecimal.ONE));
				assertThat(deposit.getStatusCode().value()).as(String.valueOf(deposit.getBody())).isEqualTo(201);
				this.creditManager.kill();
				this.creditManager = start(settings);
				assertThat(transfersOf("carol", "DEPOSIT")).as("after round " + round).hasSize(round);
				usage.start();
			}
			await("the usage log to be complete", usage::done);
			BigDecimal expected = BigDecimal.valueOf(ROUNDS).subtract(new BigDecimal("0.80"));
			try {
				await("the whole usage log to be charged", () -> balance("carol").compareTo(expected) == 0);
			}
			catch (AssertionError timedOut) {
				assertThat(balance("carol"))
					.as("balance after every CPU-second was charged, " + transfersOf("carol", "USAGE_CHARGE"))
					.isEqualByComparingTo(expected);
			}
			assertThat(transfersOf("carol", "USAGE_CHARGE")).isNotEmpty();
		}
		assertThat(ledgerBalanced()).isTrue();
	}

	@ParameterizedTest(name = "on {0}")
	@ValueSource(strings = { "h2", "postgresql" })
	void aWithdrawalRetriedAfterAKillIsNeverSentTwice(String database) throws Exception {
		this.node = new GridcoinNodeReplay();
		Map<String, String> settings = settings(database);
		settings.putAll(Map.of("gridfaas.wallet.kind", "gridcoin", "gridfaas.wallet.gridcoin.url",
				this.node.url().toString(), "gridfaas.wallet.gridcoin.user", GridcoinNodeReplay.USER,
				"gridfaas.wallet.gridcoin.password", GridcoinNodeReplay.PASSWORD,
				"gridfaas.wallet.gridcoin.confirmations", "1", "gridfaas.metering.period", "1s"));
		this.creditManager = start(settings);
		openAccount("dave");
		String address = api().depositAddress("dave").get("address").asString();
		this.node.confirm(this.node.receive(address, "10"));
		this.node.mine(1);
		await("the deposit to be credited", () -> balance("dave").compareTo(BigDecimal.TEN) == 0);
		String outside = "S" + "q".repeat(33);
		for (int round = 1; round <= ROUNDS; round++) {
			Map<String, Object> body = Map.of("address", outside, "amount", BigDecimal.ONE);
			ResponseEntity<JsonNode> first = api().withdraw("dave", "withdrawal-" + round, body);
			assertThat(first.getStatusCode().value()).as(String.valueOf(first.getBody())).isEqualTo(201);
			this.creditManager.kill();
			this.creditManager = start(settings);
			ResponseEntity<JsonNode> retry = api().withdraw("dave", "withdrawal-" + round, body);
			assertThat(retry.getStatusCode().value()).as(String.valueOf(retry.getBody())).isBetween(200, 201);
			assertThat(retry.getBody().get("created").asBoolean()).as("round " + round).isFalse();
			assertThat(this.node.sends()).as("sends after round " + round).hasSize(round);
		}
		assertThat(ledgerBalanced()).isTrue();
	}

	private Map<String, String> settings(String database) throws Exception {
		this.home = Files.createDirectories(
				Path.of("target", "crash-" + database + "-" + Instant.now().toEpochMilli()).toAbsolutePath());
		Map<String, String> settings = new HashMap<>(
				Map.of("gridfaas.home", this.home.toString(), "gridfaas.security.admin-token", Platform.ADMIN,
						"gridfaas.metering.container-managers", "http://127.0.0.1:" + ServiceProcess.freePort()));
		if (database.equals("postgresql")) {
			this.postgres = PostgresServer.start();
			settings.putAll(Map.of("spring.datasource.url", this.postgres.jdbcUrl(), "spring.datasource.username",
					this.postgres.username(), "spring.datasource.password", this.postgres.password()));
		}
		return settings;
	}

	private ServiceProcess start(Map<String, String> settings) throws Exception {
		return ServiceProcess.start("gridfaas.test.credit-manager-jar", ServiceProcess.freePort(), settings,
				this.home.resolve("credit-manager.log"));
	}

	private void openAccount(String user) throws Exception {
		assertThat(api().putAccount(user, Map.of("policy", "GREEDY", "minBalance", 0, "maxDebt", 0))
			.getStatusCode()
			.value()).isEqualTo(201);
	}

	private BigDecimal balance(String user) throws Exception {
		return api().standing(user).balance().amount();
	}

	private List<JsonNode> transfersOf(String user, String kind) throws Exception {
		List<JsonNode> transfers = new ArrayList<>();
		api().ledger(user, 1000).get("transfers").forEach((transfer) -> {
			if (kind.equals(transfer.get("kind").asString())) {
				transfers.add(transfer);
			}
		});
		return transfers;
	}

	private boolean ledgerBalanced() throws Exception {
		return api().ledgerCheck().get("balanced").asBoolean();
	}

	private CreditManagerApi api() {
		return this.creditManager.api(CreditManagerApi.class);
	}

	private static void await(String what, java.util.concurrent.Callable<Boolean> condition) throws Exception {
		Platform.await(what, Duration.ofSeconds(30), condition);
	}

}
