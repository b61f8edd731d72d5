package org.gridfaas.containers.task;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.common.schedule.PeriodicTask;
import org.gridfaas.containers.account.AccountStandings;
import org.gridfaas.containers.container.ContainerPool;
import org.gridfaas.containers.container.ManagedContainer;
import org.gridfaas.containers.function.Function;
import org.gridfaas.containers.function.FunctionDefaults;
import org.gridfaas.containers.function.FunctionRepository;
import org.gridfaas.containers.function.FunctionsChanged;
import org.gridfaas.containers.image.FunctionImages;
import org.gridfaas.containers.image.FunctionImages.StartImage;
import org.gridfaas.containers.store.StoredObject;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.TaskScheduler;

/**
 * The loop that moves work: every poll interval, or at once when woken, it looks at each
 * function's {@code input/}, starts the function's container when there is work and the
 * owner may run, claims tasks up to the function's concurrency, and stops idle
 * containers. It asks CreditManager before it starts a container or a task; when
 * CreditManager cannot be reached it starts nothing new, and what runs keeps running.
 */
public class TaskDispatcher implements SmartLifecycle {

	private final FunctionRepository functions;

	private final TaskStore tasks;

	private final ContainerPool pool;

	private final TaskRunner runner;

	private final TaskProperties properties;

	private final FunctionDefaults defaults;

	private final Clock clock;

	private final MeterRegistry meters;

	/**
	 * A thread per running task: a task's time is its own, bounded by its function's
	 * concurrency.
	 */
	private final SimpleAsyncTaskExecutor executions = new SimpleAsyncTaskExecutor("task-");

	private final PeriodicTask rounds;

	private final MultiGauge taskCounts;

	private final PendingTasks pending = new PendingTasks();

	private final OnceWarnings warnings = new OnceWarnings();

	private final StartPermission permission;

	private final FunctionImages images;

	private final Replicas replicas;

	/** The functions this worker serves, as last read, in the store's order. */
	private volatile Map<FunctionName, Function> known = Map.of();

	private volatile Instant functionsReadAt = Instant.MIN;

	private final AtomicBoolean functionsDirty = new AtomicBoolean();

	private volatile Instant recoveredAt = Instant.MIN;

	private volatile Instant leasesReadAt = Instant.MIN;

	public TaskDispatcher(FunctionRepository functions, TaskStore tasks, ContainerPool pool, AccountStandings accounts,
			TaskRunner runner, TaskProperties properties, FunctionDefaults defaults, Clock clock, MeterRegistry meters,
			TaskScheduler scheduler, FunctionImages images, Replicas replicas) {
		this.functions = functions;
		this.replicas = replicas;
		this.images = images;
		this.tasks = tasks;
		this.pool = pool;
		this.permission = new StartPermission(accounts, this.warnings);
		this.runner = runner;
		this.properties = properties;
		this.defaults = defaults;
		this.clock = clock;
		this.meters = meters;
		this.executions.setDaemon(true);
		this.rounds = new PeriodicTask("Dispatch round", scheduler, this::round);
		this.taskCounts = MultiGauge.builder("gridfaas.tasks")
			.description("Tasks by state, as of the last dispatch round")
			.register(meters);
	}

	/** Recovers from an earlier run, then starts the loop. */
	@Override
	public synchronized void start() {
		refreshFunctions(true);
		this.pool.adoptLeftovers(this.known);
		this.replicas.adopt(this.known);
		recover(true);
		this.rounds.start(this.properties.pollInterval());
		this.rounds.runSoon();
	}

	@Override
	public boolean isRunning() {
		return this.rounds.isRunning();
	}

	/**
	 * Stops the loop, then every container; their running tasks go back to
	 * {@code input/}.
	 */
	@Override
	public synchronized void stop() {
		this.rounds.stop(Duration.ofSeconds(10));
		for (ManagedContainer container : this.pool.all()) {
			this.pool.stop(container, true, "ContainerManager shutting down");
		}
	}

	/**
	 * The function as this worker last read it, at most a functions refresh ago, if it
	 * serves it; a function published through its API counts at once.
	 */
	public Optional<Function> known(FunctionName name) {
		if (this.functionsDirty.get()) {
			return Optional.empty();
		}
		return Optional.ofNullable(this.known.get(name));
	}

	/** Asks for a dispatch round now. */
	public void wake() {
		this.rounds.runSoon();
	}

	/**
	 * Takes a task just submitted through this worker's API, {@code size} bytes, and asks
	 * for a round that may start it without listing {@code input/}.
	 */
	public void submitted(FunctionName function, TaskId id, long size) {
		Instant now = this.clock.instant();
		this.pending.submitted(function, new StoredObject(TaskState.PENDING.key(id), size, now), now);
		wake();
	}

	/**
	 * Reads the list of functions again at once, e.g. after one was published.
	 */
	@EventListener(FunctionsChanged.class)
	public void functionsChanged() {
		this.functionsDirty.set(true);
		wake();
	}

	/** One pass over every function. */
	void round() {
		refreshFunctions(false);
		this.pool.forgetVanished();
		List<MultiGauge.Row<?>> counts = new ArrayList<>();
		for (Function function : this.known.values()) {
			try {
				dispatch(function, counts);
			}
			catch (RuntimeException ex) {
				this.warnings.warn(function.name() + ":dispatch",
						"Cannot dispatch tasks of " + function.name() + ": " + ex.getMessage());
			}
		}
		this.taskCounts.register(counts, true);
		this.pool.stopIdle();
		this.replicas.settle();
		Instant now = this.clock.instant();
		boolean sweep = !now.isBefore(this.recoveredAt.plus(this.properties.recoveryInterval()));
		// Leases go stale a lease after their last renewal, so one look per poll is
		// enough: the rounds that every finished task wakes do not list leases/ again.
		if (sweep || !now.isBefore(this.leasesReadAt.plus(this.properties.pollInterval()))) {
			recover(sweep);
		}
	}

	/** Dispatches the function's tasks, and adds its counts to the gauge's rows. */
	private void dispatch(Function function, List<MultiGauge.Row<?>> counts) {
		ManagedContainer container = this.pool.get(function.name()).orElse(null);
		int running = (container != null) ? container.runningCount() : 0;
		Tags tags = Tags.of("function", function.name().value());
		counts.add(MultiGauge.Row.of(tags.and("state", "running"), running));
		// input/ is listed only when a task could start; till then the last count stands.
		counts.add(
				MultiGauge.Row.of(tags.and("state", "pending"), this.pending, (known) -> known.count(function.name())));
		if (container != null && container.stopping()) {
			return;
		}
		int free = function.settings().maxConcurrentTasks() - running;
		if (free <= 0) {
			return;
		}
		// Listed at most twice a poll: rounds woken in between try the tasks known.
		List<PendingTasks.Candidate> pending = this.pending.untried(function.name(), this.clock.instant(),
				this.properties.pollInterval().dividedBy(2), () -> this.tasks.pending(function.name()));
		if (pending.isEmpty()) {
			return;
		}
		if (function.owner() == null) {
			this.warnings.warn(function.name() + ":owner", "Function " + function.name()
					+ " has tasks but no owner to bill; put a user name in utils/owner.txt");
			return;
		}
		if (!this.permission.mayStartWork(function)) {
			return;
		}
		if (container == null) {
			StartImage image = this.images.forStart(function);
			if (!image.mayStart()) {
				this.warnings.warn(function.name() + ":image:" + image.waitReason(),
						"Tasks of " + function.name() + " wait: " + image.waitReason());
				return;
			}
			this.warnings.forgetAllOf(function.name() + ":image:");
			if (!this.replicas.mayStart(function)) {
				// Its replicas run on other workers, as many as it may have.
				return;
			}
			container = this.pool.start(function, image.image());
		}
		for (PendingTasks.Candidate candidate : pending) {
			if (free == 0) {
				break;
			}
			this.pending.tried(function.name(), candidate.object().key());
			if (claimAndRun(function, container, candidate.object(), candidate.seenAt())) {
				free--;
			}
		}
	}

	private boolean claimAndRun(Function function, ManagedContainer container, StoredObject object, Instant seenAt) {
		String name = object.key().substring(TaskState.PENDING.prefix().length());
		var id = TaskStore.parse(name);
		Instant now = this.clock.instant();
		if (id.isEmpty()) {
			this.tasks.reject(function.name(), object.key(), "unsafe task name", now);
			return false;
		}
		long maxSize = this.defaults.maxTaskSize().toBytes();
		if (object.size() > maxSize) {
			this.tasks.reject(function.name(), object.key(),
					"task object is " + object.size() + " bytes, over the limit of " + maxSize, now);
			return false;
		}
		if (!container.admit(id.get().value(), seenAt)) {
			return false;
		}
		// The claim's requests go on the task's own thread, so that the claims of one
		// round run side by side rather than one after another.
		this.executions.execute(() -> {
			Instant claimedAt = this.clock.instant();
			try {
				var claim = this.tasks.claim(function.name(), id.get(), object, container.name().value(), claimedAt);
				if (claim.isEmpty()) {
					// Another worker holds it.
					return;
				}
				if (object.lastModified() != null) {
					Timer.builder("gridfaas.tasks.dispatch.latency")
						.description("From a task's arrival in input/ to its start")
						.tag("function", function.name().value())
						.publishPercentileHistogram()
						.register(this.meters)
						.record(Duration.between(object.lastModified(), claimedAt).abs());
				}
				this.runner.run(function, container, claim.get(), () -> {
					// Its process ended: the next task may start while this one's outcome
					// is filed.
					container.executed(id.get().value());
					wake();
				});
			}
			catch (RuntimeException ex) {
				this.warnings.warn(function.name() + ":claim",
						"Cannot claim tasks of " + function.name() + ": " + ex.getMessage());
			}
			finally {
				container.release(id.get().value(), this.clock.instant());
				wake();
			}
		});
		return true;
	}

	/**
	 * Settles what lost executions left: stale leases every round, so that a dead
	 * worker's tasks run elsewhere a lease and a poll after its last renewal; all of
	 * {@code processing/} every recovery interval.
	 */
	private void recover(boolean sweep) {
		for (Function function : this.known.values()) {
			Set<TaskId> owned = new HashSet<>();
			this.pool.get(function.name())
				.ifPresent((container) -> container.runningTasks().forEach((task) -> owned.add(TaskId.of(task))));
			try {
				this.tasks.recover(function.name(), owned, sweep, this.clock.instant());
			}
			catch (RuntimeException ex) {
				this.warnings.warn(function.name() + ":recover",
						"Cannot recover tasks of " + function.name() + ": " + ex.getMessage());
			}
		}
		this.leasesReadAt = this.clock.instant();
		if (sweep) {
			this.recoveredAt = this.leasesReadAt;
		}
	}

	private void refreshFunctions(boolean force) {
		Instant now = this.clock.instant();
		boolean dirty = this.functionsDirty.getAndSet(false);
		if (force || dirty
				|| Duration.between(this.functionsReadAt, now).compareTo(this.properties.functionsRefresh()) >= 0) {
			Map<FunctionName, Function> served = new LinkedHashMap<>();
			for (Function function : this.functions.findAll()) {
				if (this.properties.serves(function.name())) {
					served.put(function.name(), function);
				}
			}
			this.known = Collections.unmodifiableMap(served);
			this.functionsReadAt = now;
		}
	}

}
