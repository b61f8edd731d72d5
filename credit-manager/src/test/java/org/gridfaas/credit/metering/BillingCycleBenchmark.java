package org.gridfaas.credit.metering;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
import org.gridfaas.credit.account.AccountMetrics;
import org.gridfaas.credit.account.AccountRepository;
import org.gridfaas.credit.account.LedgerStandings;
import org.gridfaas.credit.enforcement.ContainerControl;
import org.gridfaas.credit.enforcement.Enforcement;
import org.gridfaas.credit.ledger.Ledger;
import org.gridfaas.credit.ledger.LedgerAccounts;
import org.gridfaas.credit.ledger.TransferKind;
import org.gridfaas.credit.ledger.TransferRequest;
import org.gridfaas.testing.PostgresServer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One billing cycle over 50,000 containers of 5,000 users on 3 workers, as
 * {@link org.gridfaas.credit.BillingCycle} runs it: read each worker's readings in pages
 * of 1,000, move the meters and post the charges, hold every running container to its
 * owner's standing, and refresh the metrics. On PostgreSQL and on H2. Target: at most 1 s
 * per cycle and 512 MB of heap (the bench JVM runs with {@code -Xmx512m}). Run with
 * {@code bench/run billing}; figures go to {@code bench/results/billing.md}.
 */
@Tag("bench")
class BillingCycleBenchmark {

	static final int USERS = 5000;

	static final int CONTAINERS_PER_USER = 10;

	static final int WORKERS = 3;

	static final int CYCLES = 6;

	static final List<String> report = new ArrayList<>();

	@TempDir
	static Path folder;

	@Test
	void onPostgres() throws Exception {
		try (PostgresServer postgres = PostgresServer.start();
				HikariDataSource dataSource = TestDataSources.postgres(postgres)) {
			run("PostgreSQL (embedded)", dataSource);
		}
	}

	@Test
	void onH2() throws Exception {
		try (HikariDataSource dataSource = TestDataSources.h2(folder, "bench")) {
			run("H2 file", dataSource);
		}
	}

	private void run(String database, DataSource dataSource) {
		TestDataSources.migrateClean(dataSource);
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		Ledger ledger = new Ledger(JdbcClient.create(dataSource), new JdbcTemplate(dataSource), transactions,
				Clock.systemUTC());
		AccountRepository accounts = new AccountRepository(JdbcClient.create(dataSource));
		Instant now = Instant.now();
		List<TransferRequest> deposits = new ArrayList<>();
		for (int u = 0; u < USERS; u++) {
			UserName user = UserName.of("user-" + u);
			accounts.insert(new Account(user, AccountPolicy.GREEDY, Grc.of("1"), Grc.of("-1"), BillingBasis.USED, true,
					now, now));
			deposits.add(new TransferRequest(TransferKind.DEPOSIT, "deposit:" + u, LedgerAccounts.WALLET,
					LedgerAccounts.of(user), Grc.of("1000"), "bench"));
		}
		ledger.postAll(deposits);
		UsageMetering metering = new UsageMetering(new MeterStore(new JdbcTemplate(dataSource)), accounts, ledger,
				transactions, new MeteringProperties(true, Duration.ofSeconds(10), List.of(), 3, Duration.ofSeconds(10),
						1000, new BigDecimal("600"), Grc.of("0.05"), Duration.ZERO),
				Clock.systemUTC());
		LedgerStandings standings = new LedgerStandings(accounts, ledger);
		Enforcement enforcement = new Enforcement(standings, new SimpleMeterRegistry());
		AccountMetrics metrics = new AccountMetrics(new SimpleMeterRegistry(), ledger);
		List<SyntheticWorker> workers = new ArrayList<>();
		for (int w = 0; w < WORKERS; w++) {
			workers.add(new SyntheticWorker(w));
		}
		List<Long> millis = new ArrayList<>();
		long peakHeap = 0;
		int readings = 0;
		int charges = 0;
		Grc charged = Grc.ZERO;
		for (int cycle = 0; cycle < CYCLES; cycle++) {
			workers.forEach(SyntheticWorker::nextWindow);
			resetPeaks();
			long started = System.nanoTime();
			// The steps of BillingCycle.cycle() but the wallet's, which asks the node.
			List<UsageMetering.Reading> read = new ArrayList<>();
			for (SyntheticWorker worker : workers) {
				read.add(metering.read(worker, Integer.MAX_VALUE));
			}
			UsageMetering.Ingested ingested = metering.ingest(read);
			readings = ingested.records();
			charges = ingested.charges();
			charged = ingested.charged();
			Map<ContainerControl, List<ContainerControl.RunningContainer>> running = new LinkedHashMap<>();
			workers.forEach((worker) -> running.put(worker, worker.running()));
			assertThat(enforcement.enforce(running, Instant.now())).isZero();
			Map<String, AccountMetrics.Billing> billing = new HashMap<>();
			for (UserMeter meter : metering.users()) {
				billing.put(meter.user(),
						new AccountMetrics.Billing(meter.meteredSeconds(), meter.charges(), meter.charged()));
			}
			metrics.refresh(standings.all(Instant.now()), billing);
			long elapsed = (System.nanoTime() - started) / 1_000_000;
			peakHeap = Math.max(peakHeap, peakHeapBytes());
			assertThat(readings).isEqualTo(USERS * CONTAINERS_PER_USER);
			if (cycle > 0) {
				// The first cycle also creates every meter; steady state is what recurs.
				millis.add(elapsed);
			}
			else {
				// What autovacuum does within a minute of the meters' creation: the
				// planner learns how large the tables are.
				new JdbcTemplate(dataSource).execute("analyze");
			}
		}
		assertThat(ledger.total()).isEqualTo(Grc.ZERO);
		Collections.sort(millis);
		long median = millis.get(millis.size() / 2);
		long worst = millis.get(millis.size() - 1);
		report.add(String.format(Locale.ROOT, "| %s | %d | %d ms | %d ms | %d MB | %d | %s |", database, readings,
				median, worst, peakHeap / (1024 * 1024), charges, charged));
	}

	@AfterAll
	static void write() throws Exception {
		List<String> lines = new ArrayList<>(List.of("# Billing cycle benchmark", "",
				"One cycle = read " + USERS * CONTAINERS_PER_USER + " readings (" + CONTAINERS_PER_USER
						+ " containers for each of " + USERS + " users, spread over " + WORKERS
						+ " workers) in pages of 1,000, move the meters and post the charges in one transaction;"
						+ " then hold each running container to its owner's standing, and refresh the"
						+ " metrics: BillingCycle's steps but the wallet's. " + (CYCLES - 1)
						+ " steady-state cycles after a first one that creates the meters. JVM: -Xmx512m, "
						+ Runtime.getRuntime().availableProcessors() + " cores. Target: <= 1 s and <= 512 MB heap.",
				"",
				"| database | readings | median cycle | worst cycle | peak heap (sum of the pools' peaks) | charges in last cycle | GRC charged in last cycle |",
				"|---|---|---|---|---|---|---|"));
		lines.addAll(report);
		Path results = Path.of(System.getProperty("gridfaas.bench.results", "../bench/results"));
		Files.createDirectories(results);
		Files.write(results.resolve("billing.md"), lines);
	}

	private static void resetPeaks() {
		System.gc();
		ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
	}

	private static long peakHeapBytes() {
		return ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter((pool) -> pool.getType() == MemoryType.HEAP)
			.mapToLong((pool) -> pool.getPeakUsage().getUsed())
			.sum();
	}

	/**
	 * A worker's usage log, with one new reading per container per window, and its
	 * running containers: every {@code WORKERS}th container, so each user runs on all of
	 * them.
	 */
	static final class SyntheticWorker implements UsageSource, ContainerControl {

		private final String id;

		private final int worker;

		private final Random random;

		private final BigDecimal[] cpu = new BigDecimal[USERS * CONTAINERS_PER_USER];

		private final List<UsageRecord> records = new ArrayList<>();

		private final Instant start = Instant.parse("2026-11-27T12:00:00Z");

		private int window;

		private long seq;

		SyntheticWorker(int worker) {
			this.id = "worker-" + worker;
			this.worker = worker;
			this.random = new Random(7 + worker);
			java.util.Arrays.fill(this.cpu, BigDecimal.ZERO);
		}

		void nextWindow() {
			this.window++;
			this.records.clear();
			for (int c = this.worker; c < this.cpu.length; c += WORKERS) {
				// Up to 2 cores over a 10 s window, to the nanosecond.
				this.cpu[c] = this.cpu[c].add(BigDecimal.valueOf(this.random.nextLong(20_000_000_000L), 9));
				this.records
					.add(new UsageRecord(++this.seq, container(c), "instance-" + c, owner(c), FunctionName.of("stress"),
							this.cpu[c], CpuShares.of(200), this.start.plusSeconds(10L * this.window), false));
			}
		}

		private static ContainerName container(int c) {
			return ContainerName.of("c-" + c);
		}

		private static UserName owner(int c) {
			return UserName.of("user-" + (c / CONTAINERS_PER_USER));
		}

		@Override
		public String id() {
			return this.id;
		}

		@Override
		public UsagePage after(long cursor, String log, int limit) {
			List<UsageRecord> page = this.records.stream().filter((r) -> r.seq() > cursor).limit(limit).toList();
			long next = page.isEmpty() ? cursor : page.get(page.size() - 1).seq();
			boolean more = !page.isEmpty() && next < this.seq;
			return new UsagePage(page, next, more, this.id);
		}

		@Override
		public void acknowledge(String log, long cursor) {
			// Each window replaces the records; nothing to forget.
		}

		@Override
		public List<RunningContainer> running() {
			List<RunningContainer> running = new ArrayList<>();
			for (int c = this.worker; c < this.cpu.length; c += WORKERS) {
				running.add(new RunningContainer(container(c), owner(c), false));
			}
			return running;
		}

		@Override
		public void restrict(ContainerName container) {
			throw new AssertionError("every account is funded");
		}

		@Override
		public void lift(ContainerName container) {
			throw new AssertionError("nothing is restricted");
		}

		@Override
		public void stopAndRequeue(ContainerName container) {
			throw new AssertionError("every account is funded");
		}

	}

}
