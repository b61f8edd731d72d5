package org.gridfaas.credit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.gridfaas.common.schedule.PeriodicTask;
import org.gridfaas.credit.account.AccountMetrics;
import org.gridfaas.credit.account.LedgerStandings;
import org.gridfaas.credit.containermanager.ContainerManagers;
import org.gridfaas.credit.enforcement.ContainerControl;
import org.gridfaas.credit.enforcement.Enforcement;
import org.gridfaas.credit.metering.MeteringProperties;
import org.gridfaas.credit.metering.UsageMetering;
import org.gridfaas.credit.metering.UsageSource;
import org.gridfaas.credit.metering.UserMeter;
import org.gridfaas.credit.wallet.Wallet;
import org.gridfaas.credit.wallet.WalletUnavailableException;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * The loop that turns CPU into money, every {@code gridfaas.metering.period}: credit the
 * deposits the wallet confirmed, charge the usage each ContainerManager reports, hold
 * each running container to its owner's standing, and refresh the metrics. Cycles never
 * overlap; one ContainerManager that cannot be reached delays nothing for the others.
 */
@Component
public class BillingCycle implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(BillingCycle.class);

	private final Wallet wallet;

	private final UsageMetering metering;

	private final Enforcement enforcement;

	private final LedgerStandings standings;

	private final AccountMetrics metrics;

	private final ContainerManagers containerManagers;

	private final MeteringProperties properties;

	private final Clock clock;

	private final Timer duration;

	private final MeterRegistry meters;

	private final Set<String> unavailable = ConcurrentHashMap.newKeySet();

	private final Object cycleLock = new Object();

	/**
	 * Readings one cycle holds in memory at most (about 250 bytes each); a backlog past
	 * it is read by the next cycles.
	 */
	private static final int MAX_READINGS_PER_CYCLE = 200_000;

	private int cycleNumber;

	private final PeriodicTask cycles;

	BillingCycle(Wallet wallet, UsageMetering metering, Enforcement enforcement, LedgerStandings standings,
			AccountMetrics metrics, ContainerManagers containerManagers, MeteringProperties properties, Clock clock,
			MeterRegistry meters, TaskScheduler scheduler) {
		this.wallet = wallet;
		this.metering = metering;
		this.enforcement = enforcement;
		this.standings = standings;
		this.metrics = metrics;
		this.containerManagers = containerManagers;
		this.properties = properties;
		this.clock = clock;
		this.meters = meters;
		this.cycles = new PeriodicTask("Billing cycle", scheduler, this::runLogged);
		this.duration = Timer.builder("gridfaas.billing.cycle")
			.description("How long a billing cycle took")
			.register(meters);
	}

	/** One whole cycle, now; waits for a cycle under way to end first. */
	public void run() {
		synchronized (this.cycleLock) {
			this.duration.record(this::cycle);
		}
	}

	private void cycle() {
		Instant now = this.clock.instant();
		guarded("wallet", () -> this.wallet.creditConfirmed(now));
		List<UsageMetering.Reading> readings = new ArrayList<>();
		List<UsageSource> sources = this.containerManagers.usageSources();
		int budget = MAX_READINGS_PER_CYCLE;
		for (int i = 0; i < sources.size() && budget > 0; i++) {
			// Each cycle starts with the next source: none waits behind a large backlog.
			UsageSource source = sources.get((i + this.cycleNumber) % sources.size());
			int left = budget;
			int read = readings.size();
			guarded(source.id(), () -> readings.add(this.metering.read(source, left)));
			budget -= (readings.size() > read) ? readings.get(read).records() : 0;
		}
		this.cycleNumber++;
		ingest(readings);
		Map<ContainerControl, List<ContainerControl.RunningContainer>> running = new LinkedHashMap<>();
		for (ContainerControl control : this.containerManagers.controls()) {
			guarded(control.id(), () -> running.put(control, control.running()));
		}
		guarded("enforcement", () -> this.enforcement.enforce(running, this.clock.instant()));
		guarded("metrics", () -> {
			Map<String, AccountMetrics.Billing> billing = new HashMap<>();
			for (UserMeter meter : this.metering.users()) {
				billing.put(meter.user(),
						new AccountMetrics.Billing(meter.meteredSeconds(), meter.charges(), meter.charged()));
			}
			this.metrics.refresh(this.standings.all(this.clock.instant()), billing);
		});
	}

	private void ingest(List<UsageMetering.Reading> readings) {
		UsageMetering.Outcome outcome = this.metering.ingestEach(readings);
		UsageMetering.Ingested ingested = outcome.ingested();
		if (ingested.records() > 0) {
			log.debug("Metered {} readings from {} workers: {} CPU-seconds, {} charges, {}", ingested.records(),
					readings.size(), ingested.measuredSeconds(), ingested.charges(), ingested.charged());
		}
		outcome.failures().forEach((source, failure) -> guarded(source, () -> {
			throw failure;
		}));
	}

	/**
	 * Runs one step of the cycle (the wallet, one ContainerManager's metering or
	 * enforcement, the metrics) so that its failure never stops the others: while another
	 * system cannot be reached it says so once; any other failure is logged and counted
	 * ({@code gridfaas_billing_failures_total{step}}) every time.
	 */
	private void guarded(String id, Runnable step) {
		try {
			step.run();
			if (this.unavailable.remove(id)) {
				log.info("{} can be reached again", id);
			}
		}
		catch (UsageSource.SourceUnavailableException | ContainerControl.ControlUnavailableException ex) {
			if (this.unavailable.add(id)) {
				log.warn("{}; retrying every cycle, usage waits in its log", ex.getMessage());
			}
		}
		catch (WalletUnavailableException ex) {
			// Billing goes on in the ledger; deposits are picked up once the node
			// answers.
			if (this.unavailable.add(id)) {
				log.warn("Deposits wait: {}; retrying every cycle", ex.getMessage());
			}
		}
		catch (RuntimeException ex) {
			Counter.builder("gridfaas.billing.failures")
				.description("Steps of billing cycles that failed; the others went on")
				.tag("step", id)
				.register(this.meters)
				.increment();
			log.error("Billing step {} failed; the other steps went on, the next cycle retries it", id, ex);
		}
	}

	private void runLogged() {
		try {
			run();
		}
		catch (RuntimeException ex) {
			log.error("Billing cycle failed; the next one retries", ex);
		}
	}

	@Override
	public void start() {
		if (!this.properties.enabled()) {
			log.info("Billing cycle disabled (gridfaas.metering.enabled=false)");
			return;
		}
		this.cycles.start(this.properties.period());
		log.info("Billing every {} from {}", this.properties.period(), this.properties.containerManagers());
	}

	@Override
	public void stop() {
		this.cycles.stop(Duration.ofSeconds(30));
	}

	@Override
	public boolean isRunning() {
		return this.cycles.isRunning();
	}

}
