package org.gridfaas.experiments.run;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.gridfaas.experiments.platform.PlatformApi;
import org.gridfaas.experiments.platform.PlatformApi.StoppedContainer;
import org.gridfaas.experiments.platform.PlatformApi.Usage;
import org.gridfaas.experiments.scenario.Scenario;
import org.gridfaas.experiments.scenario.Scenario.Event;
import org.gridfaas.experiments.scenario.ScenarioException;
import org.gridfaas.experiments.scenario.StressTask;

/**
 * Runs one scenario against the platform: opens the user's account, publishes the stress
 * function, then deposits and submits at the scenario's (scaled) times while sampling,
 * until the scenario's length or until all is done and the container has stopped. Then it
 * waits for billing to catch up and collects the figures.
 */
public final class ScenarioRun {

	private static final Duration BILLING_CATCH_UP = Duration.ofSeconds(30);

	private final PlatformApi api;

	private final Scenario scenario;

	private final RunSettings settings;

	/** The scenario's user, and its function: they share a name, new each run. */
	private final String user;

	private final String function;

	private final List<Sample> samples = new ArrayList<>();

	private final List<Moment> moments = new ArrayList<>();

	private BigDecimal deposited = BigDecimal.ZERO;

	private int nextTaskSeq = 101;

	public ScenarioRun(PlatformApi api, Scenario scenario, RunSettings settings) {
		this.api = api;
		this.scenario = scenario;
		this.settings = settings;
		this.user = scenario.name() + "-" + settings.runId();
		this.function = this.user;
	}

	public ScenarioResult run() throws InterruptedException {
		this.api.openAccount(this.user, this.scenario.account().policy(), this.scenario.account().minBalance(),
				this.scenario.account().maxDebt());
		requireMatchingPrice();
		this.api.publishFunction(this.function, this.user, this.settings.stressScript(), functionSettings());
		Instant startedAt = Instant.now();
		long start = System.nanoTime();
		Sample last = drive(start);
		double wallSeconds = (System.nanoTime() - start) / 1e9;
		if (last.containerRuns()) {
			this.api.stopContainer(this.function, "the scenario ended");
			this.moments.add(new Moment(wallSeconds, Moment.Kind.ENDED,
					"the scenario ends: container stopped, its tasks back to pending"));
		}
		List<StoppedContainer> stopped = stoppedInstances(startedAt);
		this.moments.sort((a, b) -> Double.compare(a.t(), b.t()));
		BigDecimal measured = stopped.stream()
			.map(StoppedContainer::cpuSeconds)
			.reduce(BigDecimal.ZERO, BigDecimal::add);
		Usage usage = awaitBilling(measured);
		ScenarioResult result = new ScenarioResult(this.scenario, this.user, this.function, this.settings, wallSeconds,
				List.copyOf(this.samples), List.copyOf(this.moments), this.api.tasks(this.function, null), stopped,
				measured, usage, this.deposited, this.api.standing(this.user), List.of());
		return result.withChecks(ScenarioChecks.of(result));
	}

	/**
	 * Fires the events at their scaled times and samples every tick, until the scenario's
	 * length, or until, after the last event, nothing is running or up and nothing is
	 * pending but what the owner's debt keeps from starting.
	 * @return the last sample
	 */
	private Sample drive(long start) throws InterruptedException {
		Recorder recorder = new Recorder(this.api, this.function, this.user, this.scenario.function().cpuMax());
		List<Event> due = new ArrayList<>(this.scenario.events());
		double length = this.settings.wall(this.scenario.length());
		double lastEvent = this.settings.wall(due.get(due.size() - 1).at());
		long tick = this.settings.sampleEvery().toNanos();
		Sample previous = null;
		for (long n = 0;; n++) {
			double t = (System.nanoTime() - start) / 1e9;
			while (!due.isEmpty() && this.settings.wall(due.get(0).at()) <= t) {
				fire(due.remove(0), t);
			}
			Sample sample = recorder.sample(t);
			noteChanges(previous, sample);
			this.samples.add(sample);
			previous = sample;
			// Over once nothing can change any more: no event ahead, no container up, and
			// nothing pending, or only what the owner's debt keeps from starting.
			boolean settled = due.isEmpty() && t > lastEvent + 1 && sample.running() == 0 && !sample.containerRuns()
					&& (sample.pending() == 0 || "OVER_DEBT_LIMIT".equals(sample.status()));
			if (t >= length || settled) {
				return sample;
			}
			long sleep = start + (n + 1) * tick - System.nanoTime();
			if (sleep > 0) {
				Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
			}
		}
	}

	/** The function's stopped instances, oldest first, each noted on the time line. */
	private List<StoppedContainer> stoppedInstances(Instant startedAt) {
		List<StoppedContainer> stopped = new ArrayList<>(this.api.stoppedContainers()
			.stream()
			.filter((container) -> container.name().equals(this.function))
			.toList());
		Collections.reverse(stopped);
		for (StoppedContainer container : stopped) {
			boolean running = !container.runningTasks().isEmpty();
			this.moments.add(new Moment(seconds(startedAt, container.stoppedAt()),
					running ? Moment.Kind.STOPPED_RUNNING : Moment.Kind.STOPPED,
					"container stopped (" + container.reason() + ")" + (running
							? "; running then, back to pending: " + String.join(", ", container.runningTasks()) : "")));
		}
		return stopped;
	}

	/**
	 * The money only moves as the scenario says if the platform's price is the
	 * scenario's, scaled like its time.
	 */
	private void requireMatchingPrice() {
		BigDecimal charged = this.api.usage(this.user).vcoreSecondsPerGrc();
		BigDecimal needed = this.scenario.price()
			.divide(BigDecimal.valueOf(this.settings.timeScale()), 8, RoundingMode.HALF_EVEN);
		if (charged.compareTo(needed) != 0) {
			throw new ScenarioException(String.format(Locale.ROOT,
					"The platform charges %s CPU-seconds per GRC; scenario %s at time scale %s needs %s (its price %s"
							+ " divided by the time scale). Start CreditManager with"
							+ " GRIDFAAS_METERING_VCORESECONDSPERGRC=%s (deploy.sh demo does this).",
					charged.stripTrailingZeros().toPlainString(), this.scenario.name(), this.settings.timeScale(),
					needed.stripTrailingZeros().toPlainString(), this.scenario.price().toPlainString(),
					needed.stripTrailingZeros().toPlainString()));
		}
	}

	private Map<String, Object> functionSettings() {
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("cpuMax", this.scenario.function().cpuMax());
		settings.put("cpuMin", this.scenario.function().cpuMin());
		settings.put("cpuBoundary", this.scenario.function().cpuBoundary());
		settings.put("idleTimeoutSeconds",
				Math.max(1, Math.round(this.settings.wall(this.scenario.function().idleTimeout()))));
		settings.put("maxConcurrentTasks", 1);
		return settings;
	}

	private void fire(Event event, double t) {
		if (event.deposit() != null) {
			boolean credited = this.api.deposit(this.user, event.deposit(), this.user + "-at-" + event.at());
			this.deposited = this.deposited.add(event.deposit());
			this.moments.add(new Moment(t, Moment.Kind.DEPOSIT, "deposit of " + event.deposit().toPlainString() + " GRC"
					+ (credited ? "" : " (pending confirmation)")));
		}
		if (!event.tasks().isEmpty()) {
			List<String> names = new ArrayList<>();
			for (StressTask task : event.tasks()) {
				String name = task.fileName(this.nextTaskSeq++, this.settings.timeScale());
				this.api.submitTask(this.function, name);
				names.add(name);
			}
			this.moments.add(new Moment(t, Moment.Kind.SUBMITTED,
					names.size() + " tasks submitted: " + String.join(", ", names)));
		}
	}

	private void noteChanges(Sample previous, Sample now) {
		if (now.containerRuns() && (previous == null || !Objects.equals(previous.instance(), now.instance()))) {
			this.moments.add(new Moment(now.t(), Moment.Kind.CONTAINER_STARTED, "container started"));
		}
		if (now.restricted() && (previous == null || !previous.restricted())) {
			this.moments.add(new Moment(now.t(), Moment.Kind.RESTRICTED, "CPU restricted: limit "
					+ now.allocatedShares() + " shares, balance " + now.balance().toPlainString() + " GRC"));
		}
		if (previous != null && previous.restricted() && !now.restricted() && now.containerRuns()) {
			this.moments.add(new Moment(now.t(), Moment.Kind.LIFTED, "restriction lifted"));
		}
		if (previous == null || !previous.status().equals(now.status())) {
			this.moments.add(new Moment(now.t(), Moment.Kind.ACCOUNT,
					"account " + now.status() + ", balance " + now.balance().toPlainString() + " GRC"));
		}
	}

	/**
	 * Waits until CreditManager has read and billed every CPU-second the instances used,
	 * or gives up after a while (the check then shows the gap). Both, because an idle
	 * instance's last readings add no CPU: the measured total is complete before its
	 * final reading, which bills what was carried under the noise threshold, is read.
	 */
	private Usage awaitBilling(BigDecimal measured) throws InterruptedException {
		Instant deadline = Instant.now().plus(BILLING_CATCH_UP);
		Usage usage = this.api.usage(this.user);
		while ((usage.measuredCpuSeconds().compareTo(measured) < 0 || usage.billedSeconds().compareTo(measured) < 0)
				&& Instant.now().isBefore(deadline)) {
			Thread.sleep(250);
			usage = this.api.usage(this.user);
		}
		return usage;
	}

	private static double seconds(Instant from, Instant to) {
		return Duration.between(from, to).toNanos() / 1e9;
	}

}
