package org.gridfaas.containers.task;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.gridfaas.common.api.AccountStanding;
import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.containers.account.AccountStandings;
import org.gridfaas.containers.account.AccountStandings.NoAccountException;
import org.gridfaas.containers.account.AccountStandings.StandingUnavailableException;
import org.gridfaas.containers.container.ContainerPool;
import org.gridfaas.containers.container.ManagedContainer;
import org.gridfaas.containers.function.Function;
import org.gridfaas.containers.function.FunctionDefaults;
import org.gridfaas.containers.function.FunctionRepository;
import org.gridfaas.containers.function.FunctionsChanged;
import org.gridfaas.containers.store.StoredObject;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;

/**
 * The loop that moves work: every poll interval, or at once when woken, it looks at each
 * function's {@code input/}, starts the function's container when there is work and the
 * owner may run, claims tasks up to the function's concurrency, and stops idle
 * containers. It asks CreditManager before it starts a container or a task; when
 * CreditManager cannot be reached it starts nothing new, and what runs keeps running.
 */
public class TaskDispatcher implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(TaskDispatcher.class);

	private final FunctionRepository functions;

	private final TaskStore tasks;

	private final ContainerPool pool;

	private final AccountStandings accounts;

	private final TaskRunner runner;

	private final TaskProperties properties;

	private final FunctionDefaults defaults;

	private final Clock clock;

	private final MeterRegistry meters;

	private final ExecutorService executions = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "task-" + System.nanoTime());
		thread.setDaemon(true);
		return thread;
	});

	private final Semaphore wakeUp = new Semaphore(0);

	private final Map<FunctionName, Map<String, AtomicInteger>> counts = new ConcurrentHashMap<>();

	private final Set<String> warned = ConcurrentHashMap.newKeySet();

	private volatile List<Function> known = List.of();

	private volatile Instant functionsReadAt = Instant.MIN;

	private final AtomicBoolean functionsDirty = new AtomicBoolean();

	private volatile Instant recoveredAt = Instant.MIN;

	private volatile boolean running;

	private Thread loop;

	public TaskDispatcher(FunctionRepository functions, TaskStore tasks, ContainerPool pool, AccountStandings accounts,
			TaskRunner runner, TaskProperties properties, FunctionDefaults defaults, Clock clock,
			MeterRegistry meters) {
		this.functions = functions;
		this.tasks = tasks;
		this.pool = pool;
		this.accounts = accounts;
		this.runner = runner;
		this.properties = properties;
		this.defaults = defaults;
		this.clock = clock;
		this.meters = meters;
	}

	/** Recovers from an earlier run, then starts the loop. */
	@Override
	public synchronized void start() {
		refreshFunctions(true);
		this.pool.adoptLeftovers(this.known.stream().collect(Collectors.toMap(Function::name, (function) -> function)));
		recover();
		this.running = true;
		this.loop = new Thread(this::loop, "task-dispatcher");
		this.loop.setDaemon(true);
		this.loop.start();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Stops the loop, then every container; their running tasks go back to
	 * {@code input/}.
	 */
	@Override
	public synchronized void stop() {
		this.running = false;
		wake();
		if (this.loop != null) {
			try {
				this.loop.join(10_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		for (ManagedContainer container : this.pool.all()) {
			this.pool.stop(container, true, "ContainerManager shutting down");
		}
		this.executions.shutdown();
	}

	/** Asks for a dispatch round now, e.g. after a task was submitted through the API. */
	public void wake() {
		this.wakeUp.release();
	}

	/**
	 * Reads the list of functions again at once, e.g. after one was published.
	 */
	@EventListener(FunctionsChanged.class)
	public void functionsChanged() {
		this.functionsDirty.set(true);
		wake();
	}

	private void loop() {
		while (this.running) {
			try {
				round();
			}
			catch (RuntimeException ex) {
				log.warn("Dispatch round failed: {}", ex.getMessage());
			}
			try {
				if (this.wakeUp.tryAcquire(this.properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS)) {
					this.wakeUp.drainPermits();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/** One pass over every function. */
	void round() {
		refreshFunctions(false);
		this.pool.forgetVanished();
		for (Function function : this.known) {
			try {
				dispatch(function);
			}
			catch (RuntimeException ex) {
				warnOnce(function.name() + ":dispatch",
						"Cannot dispatch tasks of " + function.name() + ": " + ex.getMessage());
			}
		}
		this.pool.stopIdle();
		if (Duration.between(this.recoveredAt, this.clock.instant())
			.compareTo(this.properties.recoveryInterval()) >= 0) {
			recover();
		}
	}

	private void dispatch(Function function) {
		ManagedContainer container = this.pool.get(function.name()).orElse(null);
		if (container != null && container.stopping()) {
			return;
		}
		int free = function.settings().maxConcurrentTasks() - ((container != null) ? container.runningCount() : 0);
		if (free <= 0) {
			return;
		}
		List<StoredObject> pending = this.tasks.pending(function.name());
		countPending(function.name(), pending.size());
		if (pending.isEmpty()) {
			return;
		}
		if (function.owner() == null) {
			warnOnce(function.name() + ":owner", "Function " + function.name()
					+ " has tasks but no owner to bill; put a user name in utils/owner.txt");
			return;
		}
		if (!mayStartWork(function)) {
			return;
		}
		if (container == null) {
			container = this.pool.start(function);
		}
		for (StoredObject object : pending) {
			if (free == 0) {
				break;
			}
			if (claimAndRun(function, container, object)) {
				free--;
			}
		}
	}

	private boolean claimAndRun(Function function, ManagedContainer container, StoredObject object) {
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
		if (!container.admit(id.get().value())) {
			return false;
		}
		TaskRecord claimed;
		try {
			claimed = this.tasks.claim(function.name(), id.get(), container.name().value(), now);
		}
		catch (RuntimeException ex) {
			container.release(id.get().value(), now);
			throw ex;
		}
		if (object.lastModified() != null) {
			Timer.builder("gridfaas.tasks.dispatch.latency")
				.description("From a task's arrival in input/ to its start")
				.tag("function", function.name().value())
				.publishPercentileHistogram()
				.register(this.meters)
				.record(Duration.between(object.lastModified(), now).abs());
		}
		this.executions.execute(() -> {
			try {
				this.runner.run(function, container, claimed);
			}
			finally {
				container.release(claimed.id().value(), this.clock.instant());
				wake();
			}
		});
		return true;
	}

	private boolean mayStartWork(Function function) {
		try {
			AccountStanding standing = this.accounts.standing(function.owner());
			this.warned.remove(function.owner() + ":standing");
			if (!standing.mayStartWork()) {
				warnOnce(function.owner() + ":" + standing.status(),
						"Tasks of " + function.name() + " wait: owner " + function.owner() + " is " + standing.status()
								+ (standing.active() ? "" : " (inactive)") + " with a balance of " + standing.balance()
								+ ", so new work may not start");
			}
			else {
				this.warned.removeIf((key) -> key.startsWith(function.owner() + ":"));
			}
			return standing.mayStartWork();
		}
		catch (NoAccountException ex) {
			warnOnce(function.owner() + ":standing", ex.getMessage() + "; tasks of " + function.name() + " wait");
			return false;
		}
		catch (StandingUnavailableException ex) {
			warnOnce(function.owner() + ":standing",
					ex.getMessage() + "; starting nothing new for " + function.owner());
			return false;
		}
	}

	private void recover() {
		for (Function function : this.known) {
			Set<TaskId> owned = new HashSet<>();
			this.pool.get(function.name())
				.ifPresent((container) -> container.runningTasks().forEach((task) -> owned.add(TaskId.of(task))));
			try {
				this.tasks.recover(function.name(), owned, this.clock.instant());
			}
			catch (RuntimeException ex) {
				warnOnce(function.name() + ":recover",
						"Cannot recover tasks of " + function.name() + ": " + ex.getMessage());
			}
		}
		this.recoveredAt = this.clock.instant();
	}

	private void refreshFunctions(boolean force) {
		Instant now = this.clock.instant();
		boolean dirty = this.functionsDirty.getAndSet(false);
		if (force || dirty
				|| Duration.between(this.functionsReadAt, now).compareTo(this.properties.functionsRefresh()) >= 0) {
			this.known = this.functions.findAll()
				.stream()
				.filter((function) -> this.properties.serves(function.name()))
				.toList();
			this.functionsReadAt = now;
		}
	}

	private void countPending(FunctionName function, int pending) {
		this.counts.computeIfAbsent(function, (name) -> {
			Map<String, AtomicInteger> byState = new ConcurrentHashMap<>();
			for (String state : List.of("pending", "running")) {
				AtomicInteger value = new AtomicInteger();
				byState.put(state, value);
				Gauge.builder("gridfaas.tasks", value, AtomicInteger::get)
					.description("Tasks by state, as of the last dispatch round")
					.tag("function", name.value())
					.tag("state", state)
					.register(this.meters);
			}
			return byState;
		});
		this.counts.get(function).get("pending").set(pending);
		this.counts.get(function)
			.get("running")
			.set(this.pool.get(function).map(ManagedContainer::runningCount).orElse(0));
	}

	private void warnOnce(String key, String message) {
		if (this.warned.add(key)) {
			log.warn(message);
		}
	}

}
