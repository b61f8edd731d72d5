package org.gridfaas.system;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.gridfaas.common.api.AccountStanding;
import org.gridfaas.common.api.CreditManagerApi;
import org.gridfaas.testing.LitecoinNode;
import org.gridfaas.testing.PostgresServer;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClientException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Money through a real wallet node while CreditManager crashes. CreditManager runs on a
 * wallet of litecoind in regtest (Bitcoin Core's wallet code) and is killed with SIGKILL
 * at random moments during 50 deposits and 50 withdrawals, and started again on the same
 * database each time. Afterwards the node has sent each withdrawal exactly once, each
 * deposit is credited exactly once, and the ledger sums to zero: on H2 and on PostgreSQL.
 */
class WalletChaosTests {

	private static final Logger log = LoggerFactory.getLogger(WalletChaosTests.class);

	static final int USERS = 5;

	static final int OPERATIONS = 50;

	static final BigDecimal FUNDING = new BigDecimal("5");

	static final BigDecimal WITHDRAWAL = new BigDecimal("0.1");

	static final BigDecimal FEE = new BigDecimal("0.01");

	/** The chance that a kill is aimed at each operation, a few hundred ms into it. */
	static final double KILL_CHANCE = 0.1;

	final ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor();

	final AtomicInteger kills = new AtomicInteger();

	Path home;

	PostgresServer postgres;

	/** One node for both runs; each run's CreditManager has a wallet of its own on it. */
	static LitecoinNode node;

	URI wallet;

	volatile ServiceProcess creditManager;

	Map<String, String> settings;

	@BeforeAll
	static void startNode() throws Exception {
		assumeTrue(LitecoinNode.installed(), "litecoind is not installed (apt-get install litecoind)");
		node = LitecoinNode.start();
		// Coins for the users' deposits, which come from the node's first wallet.
		node.mine(100);
	}

	@AfterAll
	static void stopNode() throws Exception {
		if (node != null) {
			node.close();
		}
	}

	@AfterEach
	void stop() throws Exception {
		this.killer.shutdownNow();
		if (this.creditManager != null) {
			this.creditManager.close();
		}
		if (this.postgres != null) {
			this.postgres.close();
		}
	}

	@ParameterizedTest(name = "on {0}")
	@ValueSource(strings = { "h2", "postgresql" })
	void underRandomKillsEachWithdrawalIsSentOnceAndEachDepositCreditedOnce(String database) throws Exception {
		// CreditManager's wallet is one of several on the node: it is reached by the
		// URL's
		// path. Users pay into it from the node's first wallet, and withdraw back to it.
		node.callAt(node.url(), "createwallet", "credit-manager-" + database);
		this.wallet = node.url("credit-manager-" + database);
		String outside = node.call("getnewaddress", "outside").asString();
		this.settings = settings(database);
		this.creditManager = start();

		List<String> users = new ArrayList<>();
		Map<String, String> addresses = new LinkedHashMap<>();
		Map<String, BigDecimal> expected = new HashMap<>();
		for (int u = 1; u <= USERS; u++) {
			String user = "user-" + u;
			users.add(user);
			assertThat(call((api) -> api.putAccount(user, Map.of("policy", "GREEDY", "minBalance", 0, "maxDebt", 0)))
				.getStatusCode()
				.value()).isEqualTo(201);
			addresses.put(user, call((api) -> api.depositAddress(user)).get("address").asString());
			node.pay(addresses.get(user), FUNDING.toPlainString());
			expected.put(user, FUNDING);
		}
		node.mine(2);
		await("the funding to be credited", () -> balancesAre(expected));

		long seed = System.nanoTime();
		log.info("Chaos on {} with seed {}", database, seed);
		Random random = new Random(seed);
		Map<String, String> withdrawalIds = new LinkedHashMap<>();
		for (int i = 0; i < OPERATIONS; i++) {
			if (random.nextDouble() < KILL_CHANCE) {
				ServiceProcess victim = this.creditManager;
				this.killer.schedule(() -> kill(victim), random.nextInt(400), TimeUnit.MILLISECONDS);
			}
			String user = users.get(i % USERS);
			BigDecimal deposit = new BigDecimal("0.5").add(BigDecimal.valueOf(i + 1, 3));
			node.pay(addresses.get(user), deposit.toPlainString());
			if (i % 3 == 0) {
				node.mine(1);
			}
			String key = "chaos-" + i;
			JsonNode withdrawal = withdraw(user, outside, key);
			withdrawalIds.put(key, withdrawal.get("id").asString());
			expected.merge(user, deposit.subtract(WITHDRAWAL).subtract(FEE), BigDecimal::add);
		}
		this.killer.shutdown();
		this.killer.awaitTermination(1, TimeUnit.SECONDS);
		ensureRunning();
		node.mine(3);

		// A withdrawal whose send the crash left unknown is settled after its grace.
		await("every withdrawal to be sent", () -> {
			for (int i = 0; i < OPERATIONS; i++) {
				if (!"SENT".equals(withdraw(users.get(i % USERS), outside, "chaos-" + i).get("state").asString())) {
					return false;
				}
			}
			return true;
		});
		await("every deposit to be credited", () -> balancesAre(expected));

		Map<String, Integer> sends = sendsByWithdrawal();
		assertThat(sends.keySet()).containsExactlyInAnyOrderElementsOf(withdrawalIds.values());
		assertThat(sends.values()).as("each sent once").allSatisfy((times) -> assertThat(times).isOne());
		for (String user : users) {
			List<JsonNode> deposits = new ArrayList<>();
			call((api) -> api.ledger(user, 1000)).get("transfers").forEach((transfer) -> {
				if ("DEPOSIT".equals(transfer.get("kind").asString())) {
					deposits.add(transfer);
				}
			});
			assertThat(deposits).as(user + "'s deposits, each credited once").hasSize(1 + OPERATIONS / USERS);
		}
		assertThat(call(CreditManagerApi::ledgerCheck).get("balanced").asBoolean()).isTrue();
		log.info("Chaos on {}: {} kills, {} sends, every deposit credited once", database, this.kills.get(),
				sends.size());
		assertThat(this.kills.get()).as("kills that landed").isPositive();
	}

	/** A withdrawal, retried with its key through every crash until it is answered. */
	private JsonNode withdraw(String user, String address, String key) throws Exception {
		Map<String, Object> body = Map.of("address", address, "amount", WITHDRAWAL);
		while (true) {
			// A refusal (4xx) fails the test; a crash or a 5xx is retried with the same
			// key.
			ResponseEntity<JsonNode> response = call((api) -> api.withdraw(user, key, body));
			if (response != null) {
				return response.getBody();
			}
		}
	}

	/** The node's sends by the withdrawal id in their comment, and how often each. */
	private Map<String, Integer> sendsByWithdrawal() throws Exception {
		Map<String, Integer> sends = new HashMap<>();
		for (JsonNode tx : node.callAt(this.wallet, "listtransactions", "*", 10_000, 0, false)) {
			String comment = tx.path("comment").asString("");
			if ("send".equals(tx.path("category").asString()) && comment.startsWith("gridfaas-withdrawal:")) {
				assertThat(tx.path("amount").decimalValue().negate()).isEqualByComparingTo(WITHDRAWAL);
				sends.merge(comment.substring("gridfaas-withdrawal:".length()), 1, Integer::sum);
			}
		}
		return sends;
	}

	private boolean balancesAre(Map<String, BigDecimal> expected) throws Exception {
		for (Map.Entry<String, BigDecimal> user : expected.entrySet()) {
			AccountStanding account = call((api) -> api.standing(user.getKey()));
			if (account == null || account.balance().amount().compareTo(user.getValue()) != 0) {
				return false;
			}
		}
		return true;
	}

	/**
	 * A call to CreditManager; null when it died under it (after starting it again) or
	 * answered with a server error. A refusal (4xx) is thrown: it fails the test.
	 */
	private <T> T call(Function<CreditManagerApi, T> call) throws Exception {
		ensureRunning();
		try {
			return call.apply(this.creditManager.api(CreditManagerApi.class));
		}
		catch (HttpClientErrorException refused) {
			throw refused;
		}
		catch (RestClientException ex) {
			// Killed before, while or after it answered (a connection refused or cut, a
			// body cut short), or a 5xx: the caller asks again with the same key.
			ensureRunning();
			return null;
		}
	}

	private synchronized void ensureRunning() throws Exception {
		if (!this.creditManager.alive()) {
			this.creditManager = start();
		}
	}

	private void kill(ServiceProcess victim) {
		try {
			if (victim.alive()) {
				victim.kill();
				this.kills.incrementAndGet();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private Map<String, String> settings(String database) throws Exception {
		this.home = Files.createDirectories(
				Path.of("target", "chaos-" + database + "-" + Instant.now().toEpochMilli()).toAbsolutePath());
		Map<String, String> settings = new HashMap<>(Map.of("gridfaas.home", this.home.toString(),
				"gridfaas.security.admin-token", Platform.ADMIN, "gridfaas.metering.container-managers",
				"http://127.0.0.1:" + ServiceProcess.freePort(), "gridfaas.metering.period", "1s"));
		settings.putAll(Map.of("gridfaas.wallet.kind", "gridcoin", "gridfaas.wallet.gridcoin.url",
				this.wallet.toString(), "gridfaas.wallet.gridcoin.user", LitecoinNode.USER,
				"gridfaas.wallet.gridcoin.password", LitecoinNode.PASSWORD, "gridfaas.wallet.gridcoin.confirmations",
				"2", "gridfaas.wallet.gridcoin.withdrawal-fee", FEE.toPlainString(),
				// A send the crash left unknown is looked up 11 s after it was asked for.
				"gridfaas.wallet.gridcoin.call-timeout", "3s"));
		if (database.equals("postgresql")) {
			this.postgres = PostgresServer.start();
			settings.putAll(Map.of("spring.datasource.url", this.postgres.jdbcUrl(), "spring.datasource.username",
					this.postgres.username(), "spring.datasource.password", this.postgres.password()));
		}
		return settings;
	}

	private ServiceProcess start() throws Exception {
		return ServiceProcess.start("gridfaas.test.credit-manager-jar", ServiceProcess.freePort(), this.settings,
				this.home.resolve("credit-manager.log"));
	}

	private static void await(String what, java.util.concurrent.Callable<Boolean> condition) throws Exception {
		Platform.await(what, Duration.ofSeconds(120), condition);
	}

}
