package org.gridfaas.credit.ledger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.gridfaas.common.InvalidValueException;
import org.gridfaas.common.money.Grc;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.credit.TestDataSources;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the ledger promises, run against each database the service supports. */
abstract class LedgerContract {

	Ledger ledger;

	abstract DataSource dataSource();

	@BeforeEach
	void migrate() {
		TestDataSources.migrateClean(dataSource());
		this.ledger = new Ledger(JdbcClient.create(dataSource()), new JdbcTemplate(dataSource()),
				new TransactionTemplate(new DataSourceTransactionManager(dataSource())), Clock.systemUTC());
	}

	@Test
	void aTransferMovesValueAndTheLedgerSumsToZero() {
		Ledger.Posted posted = this.ledger.post(deposit("d1", "4"));
		assertThat(posted.created()).isTrue();
		this.ledger.post(new TransferRequest(TransferKind.USAGE_CHARGE, "c1", "alice", LedgerAccounts.PROVIDER,
				Grc.of("0.05"), null));
		assertThat(this.ledger.balanceOf(UserName.of("alice"))).isEqualTo(Grc.of("3.95"));
		assertThat(this.ledger.balanceOf(LedgerAccounts.PROVIDER)).isEqualTo(Grc.of("0.05"));
		assertThat(this.ledger.balanceOf(LedgerAccounts.WALLET)).isEqualTo(Grc.of("-4"));
		assertThat(this.ledger.total()).isEqualTo(Grc.ZERO);
		assertThat(this.ledger.balancesTotal()).isEqualTo(Grc.ZERO);
	}

	@Test
	void theStoredBalancesAreTheSumsOfTheEntriesAndTheCheckFindsOneThatIsNot() {
		this.ledger.post(deposit("d1", "4"));
		this.ledger.postAll(List.of(deposit("d2", "1"), new TransferRequest(TransferKind.USAGE_CHARGE, "c1", "alice",
				LedgerAccounts.PROVIDER, Grc.of("0.5"), null)));
		assertThat(this.ledger.balancesNotMatchingEntries()).isEmpty();
		new JdbcTemplate(dataSource()).update("update ledger_balance set balance = balance + 1 where account = ?",
				"alice");
		assertThat(this.ledger.balancesNotMatchingEntries()).containsExactly("alice");
	}

	@Test
	void aTransferThatWouldTakeABalancePastTheLargestAmountIsRefusedAndPostsNothing() {
		this.ledger.post(deposit("d1", "10000000000"));
		assertThatThrownBy(() -> this.ledger.post(deposit("d2", "1"))).isInstanceOf(InvalidValueException.class)
			.hasMessageContaining("would pass 10000000000 GRC");
		assertThatThrownBy(() -> this.ledger.postAll(List.of(deposit("d3", "0.5"), deposit("d4", "0.5"))))
			.isInstanceOf(InvalidValueException.class);
		assertThat(this.ledger.balanceOf(UserName.of("alice"))).isEqualTo(Grc.of("10000000000"));
		assertThat(this.ledger.find("d2")).isEmpty();
		assertThat(this.ledger.total()).isEqualTo(Grc.ZERO);
	}

	@Test
	void postingTheSameRequestTwiceRecordsItOnce() {
		Ledger.Posted first = this.ledger.post(deposit("d1", "1.5"));
		Ledger.Posted again = this.ledger.post(deposit("d1", "1.5"));
		assertThat(again.created()).isFalse();
		assertThat(again.transfer()).isEqualTo(first.transfer());
		assertThat(this.ledger.balanceOf(UserName.of("alice"))).isEqualTo(Grc.of("1.5"));
	}

	@Test
	void reusingAKeyForADifferentRequestIsAConflictAndChangesNothing() {
		this.ledger.post(deposit("d1", "1.5"));
		assertThatThrownBy(() -> this.ledger.post(deposit("d1", "2"))).isInstanceOf(LedgerConflictException.class)
			.hasMessageContaining("different request");
		assertThat(this.ledger.balanceOf(UserName.of("alice"))).isEqualTo(Grc.of("1.5"));
	}

	@Test
	void amountsKeepAllEightDecimals() {
		this.ledger.post(deposit("d1", "0.00000001"));
		this.ledger.post(deposit("d2", "12345678.12345678"));
		assertThat(this.ledger.balanceOf(UserName.of("alice"))).isEqualTo(Grc.of("12345678.12345679"));
	}

	@Test
	void concurrentPostingsLoseNoUpdate() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Callable<Ledger.Posted>> work = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				String key = "d" + i;
				work.add(() -> this.ledger.post(deposit(key, "0.01")));
				work.add(() -> this.ledger.post(new TransferRequest(TransferKind.USAGE_CHARGE, "c" + key, "alice",
						LedgerAccounts.PROVIDER, Grc.of("0.005"), null)));
			}
			for (Future<Ledger.Posted> done : pool.invokeAll(work)) {
				done.get();
			}
		}
		finally {
			pool.shutdown();
		}
		assertThat(this.ledger.balanceOf(UserName.of("alice"))).isEqualTo(Grc.of("1"));
		assertThat(this.ledger.balanceOf(LedgerAccounts.PROVIDER)).isEqualTo(Grc.of("1"));
		assertThat(this.ledger.total()).isEqualTo(Grc.ZERO);
		assertThat(this.ledger.balancesNotMatchingEntries()).isEmpty();
	}

	@Test
	void theSameKeyPostedAtOnceFromManyThreadsIsRecordedOnce() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Callable<Ledger.Posted>> work = new ArrayList<>();
			for (int i = 0; i < 16; i++) {
				work.add(() -> this.ledger.post(deposit("same", "1")));
			}
			long created = 0;
			for (Future<Ledger.Posted> done : pool.invokeAll(work)) {
				created += done.get().created() ? 1 : 0;
			}
			assertThat(created).isEqualTo(1);
		}
		finally {
			pool.shutdown();
		}
		assertThat(this.ledger.balanceOf(UserName.of("alice"))).isEqualTo(Grc.of("1"));
	}

	@Test
	void postingManyAtOnceRecordsEachOnceAndSkipsThoseAlreadyPosted() {
		this.ledger.post(deposit("d1", "1"));
		this.ledger.postAll(List.of(deposit("d1", "1"), deposit("d2", "2"), deposit("d3", "0.00000003")));
		this.ledger.postAll(List.of(deposit("d2", "2")));
		assertThat(this.ledger.balanceOf(UserName.of("alice"))).isEqualTo(Grc.of("3.00000003"));
		assertThat(this.ledger.balancesOf(List.of("alice", LedgerAccounts.WALLET, "nobody")))
			.containsEntry("alice", Grc.of("3.00000003"))
			.containsEntry(LedgerAccounts.WALLET, Grc.of("-3.00000003"))
			.containsEntry("nobody", Grc.ZERO);
		assertThat(this.ledger.total()).isEqualTo(Grc.ZERO);
		assertThatThrownBy(() -> this.ledger.postAll(List.of(deposit("d3", "3"))))
			.isInstanceOf(LedgerConflictException.class);
		assertThat(this.ledger.balanceOf(UserName.of("alice"))).isEqualTo(Grc.of("3.00000003"));
	}

	private static TransferRequest deposit(String key, String amount) {
		return new TransferRequest(TransferKind.DEPOSIT, key, LedgerAccounts.WALLET, "alice", Grc.of(amount), null);
	}

}
