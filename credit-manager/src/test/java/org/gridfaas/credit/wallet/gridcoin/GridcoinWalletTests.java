package org.gridfaas.credit.wallet.gridcoin;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.gridfaas.common.InvalidValueException;
import org.gridfaas.common.money.Grc;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.credit.TestDataSources;
import org.gridfaas.credit.ledger.Ledger;
import org.gridfaas.credit.ledger.LedgerAccounts;
import org.gridfaas.credit.wallet.Wallet;
import org.gridfaas.credit.wallet.WalletRefusedException;
import org.gridfaas.testing.GridcoinNodeReplay;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Deposits on a (replayed) Gridcoin chain becoming ledger balances, exactly once. */
class GridcoinWalletTests {

	static final UserName ALICE = UserName.of("alice");

	static final String OUTSIDE = "S" + "x".repeat(33);

	/** Past a credit's first re-check, a minute after it by default. */
	static final Duration RECHECK_DUE = Duration.ofSeconds(61);

	@TempDir
	Path folder;

	HikariDataSource dataSource;

	GridcoinNodeReplay node;

	Ledger ledger;

	SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@BeforeEach
	void start() {
		this.dataSource = TestDataSources.h2(this.folder, "wallet");
		TestDataSources.migrateClean(this.dataSource);
		this.ledger = new Ledger(JdbcClient.create(this.dataSource), new JdbcTemplate(this.dataSource), transactions(),
				Clock.systemUTC());
		this.node = new GridcoinNodeReplay();
	}

	@AfterEach
	void stop() throws Exception {
		this.node.close();
		this.dataSource.close();
	}

	@Test
	void eachUserGetsOneAddressLabelledForIt() {
		Wallet wallet = wallet();
		String address = wallet.depositAddress(ALICE).orElseThrow();
		assertThat(address).startsWith("S").hasSize(34);
		assertThat(wallet().depositAddress(ALICE)).hasValue(address);
		assertThat(this.node.calls().stream().filter("getnewaddress"::equals)).hasSize(1);
		assertThat(wallet.depositAddress(UserName.of("bob")).orElseThrow()).isNotEqualTo(address);
	}

	@Test
	void aDepositIsCreditedOnceItIsDeepEnoughAndOnlyOnceAcrossRestartsAndRepeatedListings() {
		Wallet wallet = wallet();
		String address = wallet.depositAddress(ALICE).orElseThrow();
		String txid = this.node.receive(address, "12.5");
		wallet.creditConfirmed(Instant.now());
		assertThat(balance()).as("in the mempool").isEqualTo(Grc.ZERO);
		this.node.confirm(txid);
		this.node.mine(8);
		wallet.creditConfirmed(Instant.now());
		assertThat(balance()).as("9 confirmations of 10").isEqualTo(Grc.ZERO);
		this.node.mine(1);
		wallet.creditConfirmed(Instant.now());
		assertThat(balance()).isEqualTo(Grc.of("12.5"));

		wallet().creditConfirmed(Instant.now());
		this.node.mine(50);
		wallet().creditConfirmed(Instant.now());
		// The cursor's block is unknown to the node after a reorg: it lists everything.
		new JdbcTemplate(this.dataSource).update("update chain_cursor set last_block = 'orphaned'");
		wallet().creditConfirmed(Instant.now());
		assertThat(balance()).isEqualTo(Grc.of("12.5"));
		assertThat(this.ledger.total()).isEqualTo(Grc.ZERO);
	}

	@Test
	void twoOutputsToOneAddressInOneTransactionAreBothCreditedOnceEvenWhenListedAgain() {
		Wallet wallet = wallet();
		String txid = this.node.receive(wallet.depositAddress(ALICE).orElseThrow(), "2", "0.5");
		this.node.confirm(txid);
		this.node.mine(9);
		wallet.creditConfirmed(Instant.now());
		assertThat(balance()).isEqualTo(Grc.of("2.5"));
		new JdbcTemplate(this.dataSource).update("update chain_cursor set last_block = 'orphaned'");
		wallet().creditConfirmed(Instant.now());
		assertThat(balance()).isEqualTo(Grc.of("2.5"));
		assertThat(this.ledger.total()).isEqualTo(Grc.ZERO);
	}

	@Test
	void aCursorTheNodeNeverSawIsCountedAndTheWalletListedAgainCreditingNothingTwice() {
		Wallet wallet = wallet();
		String address = wallet.depositAddress(ALICE).orElseThrow();
		this.node.confirm(this.node.receive(address, "12.5"));
		this.node.mine(9);
		wallet.creditConfirmed(Instant.now());
		this.node.refuseUnknownCursors();
		new JdbcTemplate(this.dataSource).update("update chain_cursor set last_block = 'rebuilt-away'");
		this.node.confirm(this.node.receive(address, "1"));
		this.node.mine(9);
		wallet.creditConfirmed(Instant.now());
		assertThat(balance()).isEqualTo(Grc.of("13.5"));
		assertThat(this.meters.counter("gridfaas.wallet.cursor.resets").count()).isEqualTo(1);
		assertThat(
				new JdbcTemplate(this.dataSource).queryForObject("select last_block from chain_cursor", String.class))
			.startsWith("block-");
	}

	@Test
	void aFailingDepositListingStopsNeitherTheReCheckNorTheWithdrawalSettlement() {
		Wallet wallet = wallet();
		String txid = this.node.receive(wallet.depositAddress(ALICE).orElseThrow(), "4");
		this.node.confirm(txid);
		this.node.mine(9);
		wallet.creditConfirmed(Instant.now());
		this.node.conflict(txid);
		this.node.failing("listsinceblock");
		assertThatThrownBy(() -> wallet.creditConfirmed(Instant.now().plus(RECHECK_DUE)))
			.isInstanceOf(GridcoinRpcException.class);
		assertThat(balance()).as("the conflicted deposit was still reversed").isEqualTo(Grc.ZERO);
		assertThat(this.ledger.total()).isEqualTo(Grc.ZERO);
	}

	@Test
	void aConflictedTransactionIsNeverCredited() {
		Wallet wallet = wallet();
		String txid = this.node.receive(wallet.depositAddress(ALICE).orElseThrow(), "3");
		this.node.confirm(txid);
		this.node.conflict(txid);
		this.node.mine(20);
		wallet.creditConfirmed(Instant.now());
		assertThat(balance()).isEqualTo(Grc.ZERO);
	}

	@Test
	void aCreditedDepositThatTurnsConflictedOrVanishesIsReversedOnce() {
		Wallet wallet = wallet();
		String address = wallet.depositAddress(ALICE).orElseThrow();
		String first = this.node.receive(address, "2");
		String second = this.node.receive(address, "3");
		this.node.confirm(first);
		this.node.confirm(second);
		this.node.mine(10);
		wallet.creditConfirmed(Instant.now());
		assertThat(balance()).isEqualTo(Grc.of("5"));

		this.node.conflict(first);
		this.node.vanish(second);
		wallet.creditConfirmed(Instant.now().plus(RECHECK_DUE));
		wallet().creditConfirmed(Instant.now().plus(RECHECK_DUE.multipliedBy(2)));
		assertThat(balance()).isEqualTo(Grc.ZERO);
		assertThat(this.ledger.balanceOf(LedgerAccounts.WALLET)).isEqualTo(Grc.ZERO);
	}

	@Test
	void paymentsToAnAddressNotOursAreIgnoredAndTheApiDepositIsRefused() {
		Wallet wallet = wallet();
		String txid = this.node.receive("S999999999999999999999999999999999", "7");
		this.node.confirm(txid);
		this.node.mine(10);
		wallet.creditConfirmed(Instant.now());
		assertThat(this.ledger.balanceOf(LedgerAccounts.WALLET)).isEqualTo(Grc.ZERO);
		assertThatThrownBy(() -> wallet.deposit(ALICE, Grc.of("1"), null, "k")).hasMessageContaining("deposit address");
	}

	@Test
	void withTheNodeDownNothingIsCreditedAndDepositsArePickedUpAfterItRecovers() {
		Wallet wallet = wallet();
		String txid = this.node.receive(wallet.depositAddress(ALICE).orElseThrow(), "4");
		this.node.confirm(txid);
		this.node.mine(10);
		this.node.setDown(true);
		assertThatThrownBy(() -> wallet.creditConfirmed(Instant.now()))
			.isInstanceOf(GridcoinRpcException.Unavailable.class);
		this.node.setDown(false);
		wallet.creditConfirmed(Instant.now());
		assertThat(balance()).isEqualTo(Grc.of("4"));
	}

	@Test
	void aWithdrawalReservesAmountAndFeeThenSendsOnceAndARetryIsTheSameWithdrawal() {
		fund("10");
		Wallet wallet = wallet();
		Wallet.Withdrawal sent = wallet.withdraw(ALICE, OUTSIDE, Grc.of("4"), "w1");
		assertThat(sent.state()).isEqualTo("SENT");
		assertThat(sent.txid()).hasSize(64);
		assertThat(balance()).as("4 GRC and the 0.01 GRC fee").isEqualTo(Grc.of("5.99"));
		Wallet.Withdrawal retry = wallet().withdraw(ALICE, OUTSIDE, Grc.of("4"), "w1");
		assertThat(retry.id()).isEqualTo(sent.id());
		assertThat(retry.created()).isFalse();
		assertThat(this.node.sends()).containsExactly(OUTSIDE + " 4.00000000 gridfaas-withdrawal:" + sent.id());
		assertThatThrownBy(() -> wallet.withdraw(ALICE, OUTSIDE, Grc.of("5"), "w1"))
			.isInstanceOf(WalletRefusedException.class);
		assertThat(this.ledger.total()).isEqualTo(Grc.ZERO);
	}

	@Test
	void aWithdrawalOverTheBalanceLessTheFeeOrToAnInvalidAddressIsRefusedAndMovesNothing() {
		fund("4");
		Wallet wallet = wallet();
		assertThatThrownBy(() -> wallet.withdraw(ALICE, OUTSIDE, Grc.of("4"), "w1"))
			.isInstanceOf(WalletRefusedException.class)
			.hasMessageContaining("fee");
		assertThatThrownBy(() -> wallet.withdraw(ALICE, "not-an-address", Grc.of("1"), "w2"))
			.isInstanceOf(InvalidValueException.class);
		assertThat(balance()).isEqualTo(Grc.of("4"));
		assertThat(this.node.sends()).isEmpty();
	}

	@Test
	void aWithdrawalTheNodeRefusesIsRefunded() {
		fund("10");
		this.node.setWalletBalance("1");
		Wallet.Withdrawal failed = wallet().withdraw(ALICE, OUTSIDE, Grc.of("4"), "w1");
		assertThat(failed.state()).isEqualTo("FAILED");
		assertThat(failed.failure()).contains("-4");
		assertThat(balance()).isEqualTo(Grc.of("10"));
	}

	@Test
	void aSendWhoseAnswerWasLostIsFoundByItsCommentAndNeverSentTwice() {
		fund("10");
		this.node.loseNextSendAnswer();
		Wallet.Withdrawal pending = wallet().withdraw(ALICE, OUTSIDE, Grc.of("4"), "w1");
		assertThat(pending.state()).isEqualTo("PENDING");
		// The service dies here; the next run settles it after the grace period.
		Wallet restarted = wallet();
		restarted.creditConfirmed(Instant.now().plusSeconds(60));
		Wallet.Withdrawal settled = restarted.withdraw(ALICE, OUTSIDE, Grc.of("4"), "w1");
		assertThat(settled.state()).isEqualTo("SENT");
		assertThat(settled.txid()).isNotNull();
		assertThat(this.node.sends()).hasSize(1);
		assertThat(balance()).isEqualTo(Grc.of("5.99"));
	}

	@Test
	void aWithdrawalReservedButNeverSentIsSentOnTheNextPass() {
		fund("10");
		this.node.dropNextSend();
		Wallet.Withdrawal pending = wallet().withdraw(ALICE, OUTSIDE, Grc.of("4"), "w1");
		assertThat(pending.state()).isEqualTo("PENDING");
		assertThat(this.node.sends()).isEmpty();
		Wallet restarted = wallet();
		restarted.creditConfirmed(Instant.now().plusSeconds(60));
		assertThat(this.node.sends()).hasSize(1);
		restarted.creditConfirmed(Instant.now().plusSeconds(120));
		assertThat(this.node.sends()).hasSize(1);
		assertThat(restarted.withdraw(ALICE, OUTSIDE, Grc.of("4"), "w1").state()).isEqualTo("SENT");
	}

	@Test
	void aCursorReorgedOutIsWalkedBackToTheForkSoADepositMinedAgainBelowItIsCredited() {
		Wallet wallet = wallet();
		String address = wallet.depositAddress(ALICE).orElseThrow();
		this.node.mine(20);
		String txid = this.node.receive(address, "6");
		wallet.creditConfirmed(Instant.now());
		String cursor = cursor();
		assertThat(cursor).isEqualTo(this.node.blockAt(this.node.height() - 9));

		// A reorg 15 deep, which mines the waiting deposit in its first block: below the
		// old cursor's height. Gridcoin lists from that height and would never show it.
		this.node.reorg(15, txid);
		this.node.mine(10);
		wallet.creditConfirmed(Instant.now());
		assertThat(balance()).isEqualTo(Grc.of("6"));
		assertThat(this.meters.counter("gridfaas.wallet.cursor.walkbacks").count()).isEqualTo(1);
		assertThat(this.node.callsWithParams())
			.contains("listsinceblock [\"" + this.node.blockAt(this.node.height() - 26) + "\",10]");
		assertThat(cursor()).isEqualTo(this.node.blockAt(this.node.height() - 9));
	}

	@Test
	void reChecksAreOneRequestPerPassAndSpacedSoEachDepositIsCheckedABoundedNumberOfTimesInItsWindow() {
		Wallet wallet = wallet();
		Instant start = Instant.now();
		for (String user : List.of("ann", "ben", "cat")) {
			this.node.confirm(this.node.receive(wallet.depositAddress(UserName.of(user)).orElseThrow(), "1"));
		}
		this.node.mine(10);
		wallet.creditConfirmed(start);
		int requests = this.node.requests();
		wallet.creditConfirmed(start.plus(RECHECK_DUE));
		assertThat(this.node.calls().stream().filter("gettransaction"::equals)).hasSize(3);
		assertThat(this.node.requests() - requests).as("the three in one batch, with the listing's three calls")
			.isLessThanOrEqualTo(4);

		for (Duration elapsed = Duration.ofMinutes(2); elapsed.compareTo(Duration.ofHours(25)) < 0; elapsed = elapsed
			.plusMinutes(30)) {
			wallet.creditConfirmed(start.plus(elapsed));
		}
		// Re-checks at 1, 2, 4, 8 ... 1024 minutes: 11 in 24 hours, then none.
		assertThat(this.node.calls().stream().filter("gettransaction"::equals).count() / 3).isBetween(8L, 11L);
	}

	@Test
	void aPendingWithdrawalIsLookedForOnlyInTheBlocksSinceItWasReserved() {
		fund("10");
		this.node.mine(50);
		int reservedAt = this.node.height();
		this.node.dropNextSend();
		wallet().withdraw(ALICE, OUTSIDE, Grc.of("1"), "w1");
		this.node.mine(3);
		wallet().creditConfirmed(Instant.now().plusSeconds(60));
		assertThat(this.node.sends()).hasSize(1);
		assertThat(this.node.callsWithParams())
			.contains("listsinceblock [\"" + this.node.blockAt(reservedAt - 10) + "\",1]")
			.doesNotContain("listsinceblock [\"\",1]");
	}

	@Test
	void aCursorTheNodeDoesNotKnowIsShownInHealthWithTheHeightDepositsWereListedAgainFrom() {
		GridcoinWallet wallet = wallet();
		this.node.mine(1500);
		this.node.confirm(this.node.receive(wallet.depositAddress(ALICE).orElseThrow(), "1"));
		this.node.mine(9);
		wallet.creditConfirmed(Instant.now());
		int height = new JdbcTemplate(this.dataSource).queryForObject("select height from chain_cursor", Integer.class);
		new JdbcTemplate(this.dataSource).update("update chain_cursor set last_block = 'rebuilt-away'");
		wallet.creditConfirmed(Instant.now());
		assertThat(this.node.callsWithParams())
			.contains("listsinceblock [\"" + this.node.blockAt(height - 1000) + "\",10]");
		var health = new GridcoinHealthIndicator(
				new GridcoinRpc(NodeProperties.of(this.node, 10), JsonMapper.builder().build()), wallet)
			.health();
		assertThat(health.getStatus().getCode()).isEqualTo("UP");
		assertThat(health.getDetails().get("cursorReset").toString()).contains("rebuilt-away")
			.contains("listedAgainFromHeight=" + (height - 1000));
		assertThat(balance()).isEqualTo(Grc.of("1"));
	}

	private String cursor() {
		return new JdbcTemplate(this.dataSource).queryForObject("select last_block from chain_cursor", String.class);
	}

	private void fund(String amount) {
		Wallet wallet = wallet();
		String txid = this.node.receive(wallet.depositAddress(ALICE).orElseThrow(), amount);
		this.node.confirm(txid);
		this.node.mine(10);
		wallet.creditConfirmed(Instant.now());
		assertThat(balance()).isEqualTo(Grc.of(amount));
	}

	private Grc balance() {
		return this.ledger.balanceOf(ALICE);
	}

	private GridcoinWallet wallet() {
		return new GridcoinWallet(new GridcoinRpc(NodeProperties.of(this.node, 10), JsonMapper.builder().build()),
				JdbcClient.create(this.dataSource), this.ledger, transactions(), NodeProperties.of(this.node, 10),
				Clock.systemUTC(), this.meters);
	}

	private TransactionTemplate transactions() {
		return new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
	}

}
