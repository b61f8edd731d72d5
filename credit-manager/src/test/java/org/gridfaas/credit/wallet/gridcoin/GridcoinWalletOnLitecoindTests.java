package org.gridfaas.credit.wallet.gridcoin;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.gridfaas.common.money.Grc;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.credit.TestDataSources;
import org.gridfaas.credit.ledger.Ledger;
import org.gridfaas.credit.wallet.Wallet;
import org.gridfaas.credit.wallet.WalletRefusedException;
import org.gridfaas.testing.LitecoinNode;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The wallet against a real Bitcoin-family node: litecoind 0.21 (Bitcoin Core's code) in
 * regtest. It names each output's {@code vout}, and answers an unknown cursor with -5, as
 * Gridcoin does not; what only Gridcoin does stays in {@link GridcoinWalletTests}.
 */
class GridcoinWalletOnLitecoindTests {

	static final java.util.concurrent.atomic.AtomicInteger users = new java.util.concurrent.atomic.AtomicInteger();

	/**
	 * One node serves every test, and its wallet keeps every label: each test has users
	 * of its own.
	 */
	final UserName alice = UserName.of("alice-" + users.incrementAndGet());

	final UserName bob = UserName.of("bob-" + users.incrementAndGet());

	static final int CONFIRMATIONS = 3;

	static LitecoinNode node;

	@TempDir
	Path folder;

	HikariDataSource dataSource;

	Ledger ledger;

	SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@BeforeAll
	static void startNode() throws Exception {
		assumeTrue(LitecoinNode.installed(), "litecoind is not installed (apt-get install litecoind)");
		node = LitecoinNode.start();
	}

	@AfterAll
	static void stopNode() throws Exception {
		if (node != null) {
			node.close();
		}
	}

	@BeforeEach
	void database() {
		this.dataSource = TestDataSources.h2(this.folder, "wallet");
		TestDataSources.migrateClean(this.dataSource);
		this.ledger = new Ledger(JdbcClient.create(this.dataSource), new JdbcTemplate(this.dataSource),
				new TransactionTemplate(new DataSourceTransactionManager(this.dataSource)), Clock.systemUTC());
	}

	@AfterEach
	void closeDatabase() {
		this.dataSource.close();
	}

	@Test
	void aDepositIsCreditedAtItsDepthAndOnlyOnce() throws Exception {
		Wallet wallet = wallet();
		String address = wallet.depositAddress(this.alice).orElseThrow();
		node.pay(address, "1.25");
		node.mine(CONFIRMATIONS - 1);
		wallet.creditConfirmed(Instant.now());
		assertThat(balance(this.alice)).as("2 confirmations of 3").isEqualTo(Grc.ZERO);
		node.mine(1);
		wallet.creditConfirmed(Instant.now());
		assertThat(balance(this.alice)).isEqualTo(Grc.of("1.25"));
		node.mine(5);
		wallet().creditConfirmed(Instant.now());
		assertThat(balance(this.alice)).isEqualTo(Grc.of("1.25"));
		assertThat(this.ledger.total()).isEqualTo(Grc.ZERO);
	}

	@Test
	void eachOutputOfOneTransactionIsCreditedToItsOwner() throws Exception {
		Wallet wallet = wallet();
		String alice = wallet.depositAddress(this.alice).orElseThrow();
		String bob = wallet.depositAddress(this.bob).orElseThrow();
		node.call("sendmany", "", Map.of(alice, new BigDecimal("0.5"), bob, new BigDecimal("0.75")));
		node.mine(CONFIRMATIONS);
		wallet.creditConfirmed(Instant.now());
		assertThat(balance(this.alice)).isEqualTo(Grc.of("0.5"));
		assertThat(balance(this.bob)).isEqualTo(Grc.of("0.75"));
		assertThat(new JdbcTemplate(this.dataSource).queryForList("select vout from chain_deposit", Integer.class))
			.as("the node names each output")
			.allSatisfy((vout) -> assertThat(vout).isNotNegative());
	}

	@Test
	void aCursorTheNodeNeverSawIsRecoveredFromCreditingNothingTwice() throws Exception {
		Wallet wallet = wallet();
		String address = wallet.depositAddress(this.alice).orElseThrow();
		node.pay(address, "2");
		node.mine(CONFIRMATIONS);
		wallet.creditConfirmed(Instant.now());
		new JdbcTemplate(this.dataSource).update("update chain_cursor set last_block = ?", "00".repeat(32));
		node.pay(address, "0.5");
		node.mine(CONFIRMATIONS);
		wallet.creditConfirmed(Instant.now());
		assertThat(balance(this.alice)).isEqualTo(Grc.of("2.5"));
		assertThat(this.meters.counter("gridfaas.wallet.cursor.resets").count()).isEqualTo(1);
	}

	@Test
	void aCreditedDepositReorgedOutAndDoubleSpentIsReversed() throws Exception {
		Wallet wallet = wallet();
		creditedThenDoubleSpent(wallet, "3");
		assertThat(balance(this.alice)).isEqualTo(Grc.ZERO);
		assertThat(this.ledger.total()).isEqualTo(Grc.ZERO);
	}

	@Test
	void aReversedDepositWhoseChainComesBackIsCreditedAgainExactlyOnce() throws Exception {
		Wallet wallet = wallet();
		Reorged deposit = creditedThenDoubleSpent(wallet, "3");
		String txid = deposit.txid();
		String block = deposit.block();
		String replacement = deposit.replacement();
		assertThat(balance(this.alice)).as("reversed").isEqualTo(Grc.ZERO);

		// The original chain comes back: the double-spend's branch is invalidated, the
		// deposit's block reconsidered, and the chain grows on it.
		node.call("invalidateblock", replacement);
		node.reconsider(block);
		node.mine(2);
		assertThat(node.call("gettransaction", txid).path("confirmations").asInt())
			.isGreaterThanOrEqualTo(CONFIRMATIONS);
		wallet.creditConfirmed(Instant.now());
		wallet().creditConfirmed(Instant.now());
		assertThat(balance(this.alice)).isEqualTo(Grc.of("3"));
		assertThat(this.ledger.total()).isEqualTo(Grc.ZERO);
		assertThat(new JdbcTemplate(this.dataSource).queryForObject("select state from chain_deposit where txid = ?",
				String.class, txid))
			.isEqualTo("CREDITED");
	}

	@Test
	void aDepositThatFallsBackUnderItsDepthIsHeldFromWithdrawalUntilItIsDeepAgain() throws Exception {
		Wallet wallet = wallet();
		String address = wallet.depositAddress(this.alice).orElseThrow();
		node.pay(address, "2");
		List<String> blocks = node.mine(CONFIRMATIONS);
		wallet.creditConfirmed(Instant.now());
		assertThat(balance(this.alice)).isEqualTo(Grc.of("2"));

		node.call("invalidateblock", blocks.get(blocks.size() - 1));
		wallet.creditConfirmed(Instant.now());
		String outside = node.call("getnewaddress", "outside").asString();
		assertThatThrownBy(() -> wallet.withdraw(this.alice, outside, Grc.of("1"), "held"))
			.isInstanceOf(WalletRefusedException.class)
			.hasMessageContaining("held");
		assertThat(balance(this.alice)).as("held, not taken back").isEqualTo(Grc.of("2"));

		node.mine(1);
		wallet.creditConfirmed(Instant.now());
		assertThat(wallet.withdraw(this.alice, outside, Grc.of("1"), "released").state()).isEqualTo("SENT");
		assertThat(this.ledger.total()).isEqualTo(Grc.ZERO);
	}

	@Test
	void theWalletNamedInTheUrlPathIsTheOneUsedWhenTheNodeHasSeveral() throws Exception {
		node.callAt(node.url(), "createwallet", "other-" + this.alice);
		try {
			assertThatThrownBy(() -> wallet().depositAddress(this.alice)).isInstanceOfSatisfying(
					GridcoinRpcException.Refused.class,
					(refused) -> assertThat(refused.code()).as("wallet not specified").isEqualTo(-19));
			Wallet wallet = wallet(node.url(LitecoinNode.WALLET));
			String address = wallet.depositAddress(this.alice).orElseThrow();
			assertThat(node.call("getaddressinfo", address).path("ismine").asBoolean()).isTrue();
			node.pay(address, "0.25");
			node.mine(CONFIRMATIONS);
			wallet.creditConfirmed(Instant.now());
			assertThat(balance(this.alice)).isEqualTo(Grc.of("0.25"));
		}
		finally {
			node.callAt(node.url(), "unloadwallet", "other-" + this.alice);
		}
	}

	/**
	 * Alice's deposit, credited at its depth; then its block is reorged out and a
	 * transaction spending the same coins elsewhere is mined instead, so the deposit is
	 * conflicted, and the wallet has had a pass over it.
	 */
	private Reorged creditedThenDoubleSpent(Wallet wallet, String amount) throws Exception {
		String txid = node.pay(wallet.depositAddress(this.alice).orElseThrow(), amount);
		String block = node.mine(CONFIRMATIONS).get(0);
		wallet.creditConfirmed(Instant.now());
		assertThat(balance(this.alice)).isEqualTo(Grc.of(amount));
		String replacement = node.doubleSpend(txid, block);
		node.mine(CONFIRMATIONS + 1);
		wallet.creditConfirmed(Instant.now());
		return new Reorged(txid, block, replacement);
	}

	/** A deposit's transaction, its block, and the block mined in its place. */
	record Reorged(String txid, String block, String replacement) {
	}

	private Wallet wallet() {
		return wallet(node.url());
	}

	private Wallet wallet(URI url) {
		GridcoinProperties properties = GridcoinProperties
			.of(url, LitecoinNode.USER, LitecoinNode.PASSWORD, CONFIRMATIONS)
			// Every re-check is due at once: the node's blocks, not time, move these
			// tests.
			.withRecheckFirst(Duration.ZERO);
		return new GridcoinWallet(new GridcoinRpc(properties, JsonMapper.builder().build()),
				JdbcClient.create(this.dataSource), this.ledger,
				new TransactionTemplate(new DataSourceTransactionManager(this.dataSource)), properties,
				Clock.systemUTC(), this.meters);
	}

	private Grc balance(UserName user) {
		return this.ledger.balanceOf(user);
	}

}
