package org.gridfaas.credit.metering;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.gridfaas.common.account.AccountPolicy;
import org.gridfaas.common.account.BillingBasis;
import org.gridfaas.common.api.UsagePage;
import org.gridfaas.common.api.UsageRecord;
import org.gridfaas.common.cpu.CpuShares;
import org.gridfaas.common.money.Grc;
import org.gridfaas.common.naming.ContainerName;
import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.credit.TestDataSources;
import org.gridfaas.credit.account.Account;
import org.gridfaas.credit.account.AccountRepository;
import org.gridfaas.credit.ledger.Ledger;
import org.gridfaas.credit.ledger.LedgerAccounts;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What metering promises, on each database: usage read from a usage log (here one kept in
 * memory, served by cursor as ContainerManager serves it) is charged exactly once, in
 * whole steps, with nothing lost.
 */
abstract class MeteringContract {

	static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");

	Ledger ledger;

	AccountRepository accounts;

	MeterStore store;

	CrashingTransactions transactions;

	UsageMetering metering;

	Log log;

	abstract DataSource dataSource();

	@BeforeEach
	void migrate() {
		TestDataSources.migrateClean(dataSource());
		this.transactions = new CrashingTransactions(new DataSourceTransactionManager(dataSource()));
		this.ledger = new Ledger(JdbcClient.create(dataSource()), new JdbcTemplate(dataSource()), this.transactions,
				Clock.systemUTC());
		this.accounts = new AccountRepository(JdbcClient.create(dataSource()));
		this.store = new MeterStore(new JdbcTemplate(dataSource()));
		this.metering = metering(Duration.ZERO);
		this.log = new Log("cm-1");
		open("alice", BillingBasis.USED);
	}

	UsageMetering metering(Duration noiseThreshold) {
		return new UsageMetering(this.store, this.accounts, this.ledger, this.transactions,
				new MeteringProperties(true, Duration.ofSeconds(10), List.of(URI.create("http://cm-1")), 3,
						Duration.ofSeconds(10), 1000, new BigDecimal("600"), Grc.of("0.05"), noiseThreshold),
				Clock.systemUTC());
	}

	@Test
	void cpuSecondsOverTheRateArePostedInWholeStepsAndTheRestWaits() {
		this.log.read("i1", "0", 0, false);
		this.log.read("i1", "45", 10, false);
		this.metering.meter(this.log);
		// 45 s / 600 = 0.075 GRC owed: one step of 0.05 now, 0.025 waits.
		assertThat(balance("alice")).isEqualTo(Grc.of("-0.05"));
		this.log.read("i1", "60", 20, false);
		this.metering.meter(this.log);
		assertThat(balance("alice")).isEqualTo(Grc.of("-0.1"));
		assertThat(balance(LedgerAccounts.PROVIDER)).isEqualTo(Grc.of("0.1"));
		assertThat(this.ledger.total()).isEqualTo(Grc.ZERO);
	}

	@Test
	void aPageReadTwiceIsChargedOnce() {
		this.log.read("i1", "0", 0, false);
		this.log.read("i1", "300", 10, false);
		this.metering.meter(this.log);
		this.log.forgetCursor = true;
		this.metering.meter(this.log);
		assertThat(balance("alice")).isEqualTo(Grc.of("-0.5"));
	}

	@Test
	void aCrashBetweenReadingAndCommittingChargesNothingTwiceAndLosesNothing() {
		this.log.read("i1", "0", 0, false);
		this.log.read("i1", "300", 10, false);
		this.transactions.crashNext.set(true);
		assertThatThrownBy(() -> this.metering.meter(this.log)).hasMessageContaining("crash");
		assertThat(balance("alice")).isEqualTo(Grc.ZERO);
		assertThat(this.log.acknowledged).as("nothing stored, so nothing acknowledged").isZero();
		this.metering.meter(this.log);
		this.metering.meter(this.log);
		assertThat(balance("alice")).isEqualTo(Grc.of("-0.5"));
		assertThat(this.log.acknowledged).as("what is stored is acknowledged").isEqualTo(2);
	}

	@Test
	void aUsageLogThatStartsOverIsReadAgainWithoutChargingTwice() {
		this.log.read("i1", "0", 0, false);
		this.log.read("i1", "300", 10, false);
		this.metering.meter(this.log);
		// ContainerManager lost its state: a fresh log, numbered from 1 again, with the
		// same instance read again and a new one.
		Log fresh = new Log("cm-1");
		fresh.read("i1", "300", 10, false);
		fresh.read("i1", "330", 20, true);
		fresh.read("i2", "0", 20, false);
		fresh.read("i2", "30", 30, true);
		this.metering.meter(fresh);
		this.metering.meter(fresh);
		// 300 + 30 + 30 = 360 s = 0.6 GRC.
		assertThat(balance("alice")).isEqualTo(Grc.of("-0.6"));
	}

	@Test
	void aCounterThatGoesBackWasResetAndCountsFromZero() {
		this.log.read("i1", "0", 0, false);
		this.log.read("i1", "300", 10, false);
		this.log.read("i1", "30", 20, false);
		this.metering.meter(this.log);
		assertThat(balance("alice")).isEqualTo(Grc.of("-0.55"));
	}

	@Test
	void usageUnderTheNoiseThresholdIsCarriedNotDroppedAndAStoppedContainerSettlesAll() {
		UsageMetering thresholded = metering(Duration.ofSeconds(1));
		this.log.read("i1", "0", 0, false);
		BigDecimal cpu = BigDecimal.ZERO;
		for (int i = 1; i <= 1000; i++) {
			cpu = cpu.add(new BigDecimal("0.029"));
			this.log.read("i1", cpu.toPlainString(), i, false);
			if (i % 100 == 0) {
				thresholded.meter(this.log);
			}
		}
		this.log.read("i1", cpu.add(new BigDecimal("0.007")).toPlainString(), 1001, true);
		thresholded.meter(this.log);
		UserMeter meter = this.store.user("alice").orElseThrow();
		assertThat(meter.meteredSeconds()).isEqualByComparingTo("29.007");
		assertThat(meter.measuredSeconds()).isEqualByComparingTo("29.007");
		// 29.007 s = 0.04834 GRC: under one step, so nothing is charged yet, and owed
		// stays.
		assertThat(balance("alice")).isEqualTo(Grc.ZERO);
		assertThat(meter.owed(new BigDecimal("600"))).isEqualTo(Grc.of("0.04834500"));
	}

	@Test
	void theAllocatedBasisChargesTheTimeIntegralOfTheLimit() {
		open("bob", BillingBasis.ALLOCATED);
		this.log.read("b1", "bob", "0", 0, 200, false);
		this.log.read("b1", "bob", "1", 60, 50, false);
		this.log.read("b1", "bob", "2", 120, 0, true);
		this.metering.meter(this.log);
		// 2 cores for 60 s, then half a core for 60 s: 150 vcore-seconds = 0.25 GRC.
		assertThat(balance("bob")).isEqualTo(Grc.of("-0.25"));
		assertThat(this.store.user("bob").orElseThrow().measuredSeconds()).isEqualByComparingTo("2");
	}

	@Test
	void manyContainersOfManyUsersAreChargedExactlyInOneCycle() {
		for (int u = 0; u < 50; u++) {
			open("user-" + u, BillingBasis.USED);
			for (int c = 0; c < 4; c++) {
				String instance = "u" + u + "c" + c;
				this.log.read(instance, "user-" + u, "0", 0, 100, false);
				this.log.read(instance, "user-" + u, "75", 10, 100, true);
			}
		}
		this.metering.meter(this.log);
		// 4 x 75 s = 300 s = 0.5 GRC each.
		for (int u = 0; u < 50; u++) {
			assertThat(balance("user-" + u)).as("user-" + u).isEqualTo(Grc.of("-0.5"));
		}
		assertThat(balance(LedgerAccounts.PROVIDER)).isEqualTo(Grc.of("25"));
		assertThat(this.ledger.total()).isEqualTo(Grc.ZERO);
	}

	@Test
	void aRestartedCreditManagerReadsTheMetersItHeldInMemoryFromTheDatabase() {
		this.log.read("i1", "0", 0, false);
		this.log.read("i1", "30", 10, false);
		this.metering.meter(this.log);
		this.log.read("i1", "60", 20, false);
		metering(Duration.ZERO).meter(this.log);
		// 60 s in all, not 30 + 60: the new one starts from the stored meter.
		assertThat(balance("alice")).isEqualTo(Grc.of("-0.1"));
	}

	@Test
	void aUserWithContainersOnManyWorkersGetsOneChargeForTheCycle() {
		Log other = new Log("cm-2");
		this.log.read("i1", "0", 0, false);
		this.log.read("i1", "30", 10, false);
		other.read("i2", "0", 0, false);
		other.read("i2", "30", 10, false);
		UsageMetering.Ingested ingested = this.metering
			.ingest(List.of(this.metering.read(this.log, 1000), this.metering.read(other, 1000)));
		// 60 s / 600 = 0.1 GRC, in one charge.
		assertThat(ingested.charges()).isEqualTo(1);
		assertThat(balance("alice")).isEqualTo(Grc.of("-0.1"));
		assertThat(this.ledger.transfersOf("alice", 10)).hasSize(1);
		assertThat(this.log.acknowledged).isEqualTo(2);
		assertThat(other.acknowledged).isEqualTo(2);
	}

	@Test
	void readingsOfOneWorkerThatCannotBeStoredHoldBackOnlyThatWorker() {
		Log broken = new Log("cm-2");
		this.log.read("i1", "0", 0, false);
		this.log.read("i1", "60", 10, false);
		// Longer than any instance id the meters keep: the database refuses it.
		broken.records.add(new UsageRecord(1, ContainerName.of("c-long"), "i".repeat(150), UserName.of("alice"),
				FunctionName.of("stress"), BigDecimal.ONE, CpuShares.of(100), T0, false));
		UsageMetering.Outcome outcome = this.metering
			.ingestEach(List.of(this.metering.read(this.log, 1000), this.metering.read(broken, 1000)));
		assertThat(outcome.failures()).containsOnlyKeys("cm-2");
		assertThat(outcome.ingested().records()).isEqualTo(2);
		assertThat(balance("alice")).isEqualTo(Grc.of("-0.1"));
		assertThat(broken.acknowledged).as("nothing stored, nothing acknowledged").isZero();
		assertThat(this.store.cursor("cm-2").after()).isZero();
		assertThat(this.store.cursor("cm-1").after()).isEqualTo(2);
	}

	@Test
	void aReadingStopsAtItsBudgetAndTheNextCycleReadsOn() {
		for (int i = 0; i <= 30; i++) {
			this.log.read("i1", String.valueOf(10 * i), i, false);
		}
		UsageMetering small = new UsageMetering(this.store, this.accounts, this.ledger, this.transactions,
				new MeteringProperties(true, Duration.ofSeconds(10), List.of(), 3, Duration.ofSeconds(10), 10,
						new BigDecimal("600"), Grc.of("0.05"), Duration.ZERO),
				Clock.systemUTC());
		UsageMetering.Reading first = small.read(this.log, 15);
		assertThat(first.records()).as("whole pages of 10 until the budget is spent").isEqualTo(20);
		small.ingest(List.of(first));
		assertThat(small.read(this.log, 1000).records()).isEqualTo(11);
		small.meter(this.log);
		// 300 s in all = 0.5 GRC.
		assertThat(balance("alice")).isEqualTo(Grc.of("-0.5"));
	}

	private void open(String user, BillingBasis basis) {
		this.accounts.insert(
				new Account(UserName.of(user), AccountPolicy.GREEDY, Grc.of("1"), Grc.of("-0.5"), basis, true, T0, T0));
	}

	private Grc balance(String account) {
		return this.ledger.balanceOf(account);
	}

	/** A usage log served by cursor, as ContainerManager's. */
	static final class Log implements UsageSource {

		private final String id;

		private final List<UsageRecord> records = new ArrayList<>();

		private final String logId = java.util.UUID.randomUUID().toString();

		boolean forgetCursor;

		/** The last cursor acknowledged. */
		long acknowledged;

		Log(String id) {
			this.id = id;
		}

		void read(String instance, String cpuSeconds, int second, boolean last) {
			read(instance, "alice", cpuSeconds, second, 200, last);
		}

		void read(String instance, String user, String cpuSeconds, int second, int allocated, boolean last) {
			this.records.add(new UsageRecord(this.records.size() + 1, ContainerName.of("c-" + instance), instance,
					UserName.of(user), FunctionName.of("stress"), new BigDecimal(cpuSeconds),
					last ? CpuShares.ZERO : CpuShares.of(allocated), T0.plusSeconds(second), last));
		}

		@Override
		public String id() {
			return this.id;
		}

		@Override
		public UsagePage after(long cursor, String log, int limit) {
			long from = (this.forgetCursor || !this.logId.equals(log)) ? 0 : cursor;
			List<UsageRecord> page = this.records.stream().filter((r) -> r.seq() > from).limit(limit).toList();
			long next = page.isEmpty() ? from : page.get(page.size() - 1).seq();
			return new UsagePage(page, next, page.size() == limit, this.logId);
		}

		@Override
		public void acknowledge(String log, long cursor) {
			assertThat(log).isEqualTo(this.logId);
			assertThat(cursor).as("acknowledgements never go back").isGreaterThanOrEqualTo(this.acknowledged);
			this.acknowledged = cursor;
		}

	}

	/** Transactions that can be made to fail after their work, before the commit. */
	static final class CrashingTransactions extends TransactionTemplate {

		final AtomicBoolean crashNext = new AtomicBoolean();

		CrashingTransactions(DataSourceTransactionManager manager) {
			super(manager);
		}

		@Override
		public <T> T execute(TransactionCallback<T> action) throws TransactionException {
			return super.execute((status) -> {
				T result = action.doInTransaction(status);
				if (!status.hasSavepoint() && status.isNewTransaction() && this.crashNext.getAndSet(false)) {
					throw new IllegalStateException("crash before the commit");
				}
				return result;
			});
		}

	}

}
