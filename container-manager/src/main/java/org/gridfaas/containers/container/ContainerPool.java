package org.gridfaas.containers.container;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.gridfaas.common.api.StoppedContainer;
import org.gridfaas.common.cpu.CpuShares;
import org.gridfaas.common.naming.ContainerName;
import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.containers.function.Function;
import org.gridfaas.containers.runtime.ContainerRuntime;
import org.gridfaas.containers.runtime.ContainerSpec;
import org.gridfaas.containers.runtime.RuntimeContainer;
import org.gridfaas.containers.store.ObjectStore;
import org.gridfaas.containers.usage.UsageLog;
import org.springframework.context.ApplicationEventPublisher;

/**
 * One container per function, started when its tasks need it and stopped when idle (scale
 * to zero). Every start and stop is recorded in the usage log, the stop with the
 * container's final CPU reading, taken after its last process died.
 */
public class ContainerPool {

	private static final Logger log = LoggerFactory.getLogger(ContainerPool.class);

	private static final int STOPPED_KEPT = 1000;

	private final ContainerRuntime runtime;

	private final UsageLog usage;

	private final Path workRoot;

	private final Clock clock;

	private final Map<FunctionName, ManagedContainer> containers = new ConcurrentHashMap<>();

	/** The latest stopped instances, newest first; in memory, since this run started. */
	private final Deque<StoppedContainer> stopped = new ConcurrentLinkedDeque<>();

	private final ContainerRecords records;

	private final WorkFolders folders;

	private final ContainerMeters meters;

	private ApplicationEventPublisher events = (event) -> {
	};

	public ContainerPool(ContainerRuntime runtime, ObjectStore store, UsageLog usage, JsonMapper json, Path workRoot,
			Path recordsFolder, Clock clock, MeterRegistry meters) {
		this.runtime = runtime;
		this.usage = usage;
		this.workRoot = workRoot;
		this.clock = clock;
		this.records = new ContainerRecords(recordsFolder, json);
		this.folders = new WorkFolders(store);
		this.meters = new ContainerMeters(meters);
	}

	/**
	 * Takes over the containers an earlier run of the service left running (it was
	 * killed, or crashed): each keeps its instance, CPU counter, limit and restriction.
	 * The commands that run died with that run's bookkeeping, so they are killed; task
	 * recovery puts their tasks back to {@code input/}. A leftover whose record or
	 * function is gone is stopped instead.
	 * @param functions the functions known now, by name
	 * @return the containers adopted
	 */
	public synchronized List<ContainerName> adoptLeftovers(Map<FunctionName, Function> functions) {
		List<ContainerName> adopted = new ArrayList<>();
		for (RuntimeContainer leftover : this.runtime.leftovers()) {
			ContainerName name = leftover.name();
			Optional<ContainerRecord> record = this.records.read(name);
			Function function = record.map((found) -> functions.get(found.function())).orElse(null);
			if (function == null || !Objects.equals(function.owner(), record.get().owner())) {
				stopLeftover(leftover, record);
				continue;
			}
			ManagedContainer container = new ManagedContainer(record.get(), function.settings(),
					this.workRoot.resolve(name.value()), leftover);
			WorkFolders.reset(container.tasksFolder());
			container.setLastUsage(leftover.cpuUsage());
			container.touch(this.clock.instant());
			this.containers.put(function.name(), container);
			this.meters.added(container, false, this.containers.values());
			this.events.publishEvent(new ContainerEvent.Started(container));
			if (container.restricted()) {
				this.events.publishEvent(new ContainerEvent.RestrictionChanged(container, true));
			}
			adopted.add(name);
			log.info("Adopted container {} left running by an earlier run{}", container,
					container.restricted() ? " (restricted)" : "");
		}
		return adopted;
	}

	private void stopLeftover(RuntimeContainer leftover, Optional<ContainerRecord> record) {
		ContainerName name = leftover.name();
		Duration used = leftover.stop();
		record.ifPresentOrElse(
				(found) -> this.usage.append(name, found.instance(), found.owner(), found.function(), used,
						CpuShares.ZERO, this.clock.instant(), true),
				() -> log.warn("Stopped container {} left by an earlier run; no record of its owner, so its"
						+ " last {} s of CPU cannot be billed", name, used.toSeconds()));
		this.records.delete(name);
		log.info("Stopped container {} left running by an earlier run: its function or record is gone", name);
	}

	/** The running container of a function, if any. */
	public Optional<ManagedContainer> get(FunctionName function) {
		return Optional.ofNullable(this.containers.get(function));
	}

	/** The running container with this name, if any. */
	public Optional<ManagedContainer> find(ContainerName name) {
		return this.containers.values().stream().filter((container) -> container.name().equals(name)).findFirst();
	}

	public Collection<ManagedContainer> all() {
		return List.copyOf(this.containers.values());
	}

	/**
	 * Starts the function's container, with its staging data in place.
	 * @param image the function's image on this node; empty for one without an image
	 */
	public synchronized ManagedContainer start(Function function, Optional<Path> image) {
		ManagedContainer running = this.containers.get(function.name());
		if (running != null) {
			return running;
		}
		ContainerName name = ContainerName.of(function.name().value());
		Path workFolder = this.workRoot.resolve(name.value());
		WorkFolders.reset(workFolder);
		ContainerRecord record = new ContainerRecord(name, function.name(), function.owner(),
				UUID.randomUUID().toString(), this.clock.instant(), false);
		Path staging = ManagedContainer.stagingFolderOf(workFolder);
		this.folders.fetchStaging(function.name(), staging);
		RuntimeContainer started = this.runtime
			.start(new ContainerSpec(name, function.name(), function.owner(), image.orElse(null), staging, workFolder,
					function.settings().cpuMax(), function.settings().resourceLimits(), function.network()));
		ManagedContainer container = new ManagedContainer(record, function.settings(), workFolder, started);
		this.records.write(container.record());
		this.usage.append(name, record.instance(), record.owner(), record.function(), Duration.ZERO,
				function.settings().cpuMax(), record.startedAt(), false);
		this.containers.put(function.name(), container);
		this.meters.added(container, true, this.containers.values());
		this.events.publishEvent(new ContainerEvent.Started(container));
		log.info("Started container {} for {} (owner {})", container, function.name(), function.owner());
		return container;
	}

	/**
	 * Stops a container, killing its running tasks; they go back to {@code input/} when
	 * {@code requeue}, else count as failed attempts. Returns once its tasks are settled.
	 * @return the tasks that were running
	 */
	public List<String> stop(ManagedContainer container, boolean requeue, String reason) {
		synchronized (this) {
			if (this.containers.get(container.function()) != container) {
				return List.of();
			}
			container.markStopping(requeue);
		}
		List<String> running = List.copyOf(container.runningTasks());
		// A vanished container reads zero; a counter never goes back, so the last reading
		// stands.
		Duration used = max(container.runtime().stop(), container.lastUsage());
		awaitTasksSettled(container);
		this.usage.append(container.name(), container.instance(), container.owner(), container.function(), used,
				CpuShares.ZERO, this.clock.instant(), true);
		remember(container.stopped(this.clock.instant(), reason, used, running));
		this.records.delete(container.name());
		this.containers.remove(container.function(), container);
		this.meters.stopped(container, this.containers.values());
		this.events.publishEvent(new ContainerEvent.Stopped(container));
		log.info("Stopped container {} ({}); {} s of CPU; tasks running then: {}", container, reason,
				used.toMillis() / 1000.0, running);
		return running;
	}

	/** The instances stopped since this run started, newest first (at most 1,000). */
	public List<StoppedContainer> stopped() {
		return List.copyOf(this.stopped);
	}

	private void remember(StoppedContainer container) {
		this.stopped.addFirst(container);
		while (this.stopped.size() > STOPPED_KEPT) {
			this.stopped.pollLast();
		}
	}

	/**
	 * Forgets containers the runtime no longer runs (an instance that died, a cgroup
	 * removed by hand): their running tasks go back to {@code input/}, and their last
	 * reading stands as their final one.
	 * @return the containers found gone
	 */
	public List<ContainerName> forgetVanished() {
		List<ContainerName> vanished = new ArrayList<>();
		for (ManagedContainer container : all()) {
			if (!container.stopping() && !container.runtime().isRunning()) {
				log.warn("Container {} is gone; its tasks {} go back to input/", container, container.runningTasks());
				stop(container, true, "found gone");
				vanished.add(container.name());
			}
		}
		return vanished;
	}

	/** Stops the containers that have been idle for their function's idle timeout. */
	public void stopIdle() {
		Instant now = this.clock.instant();
		for (ManagedContainer container : all()) {
			if (!container.stopping() && container.idleSince(now)) {
				stop(container, true, "idle for " + container.settings().idleTimeout().toSeconds() + " s");
			}
		}
	}

	/**
	 * Takes a reading of every running container now, so CreditManager's next page is
	 * fresh.
	 */
	public void recordUsage() {
		Instant now = this.clock.instant();
		for (ManagedContainer container : all()) {
			if (container.stopping()) {
				continue;
			}
			Duration used = max(container.runtime().cpuUsage(), container.lastUsage());
			container.setLastUsage(used);
			CpuShares allocated = container.runtime().cpuLimit().orElse(container.settings().cpuMax());
			this.usage.append(container.name(), container.instance(), container.owner(), container.function(), used,
					allocated, now, false);
		}
	}

	/** Persists a container's restriction so it survives a restart. */
	public void setRestricted(ManagedContainer container, boolean restricted) {
		boolean changed = container.restricted() != restricted;
		container.setRestricted(restricted);
		this.records.write(container.record());
		if (changed) {
			this.events.publishEvent(new ContainerEvent.RestrictionChanged(container, restricted));
		}
	}

	/** Where container events go (the application context, once it exists). */
	public void setEventPublisher(ApplicationEventPublisher events) {
		this.events = events;
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

	private void awaitTasksSettled(ManagedContainer container) {
		Instant deadline = this.clock.instant().plusSeconds(60);
		while (!container.settled() && this.clock.instant().isBefore(deadline)) {
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		if (!container.settled()) {
			log.warn("Tasks {} of stopped container {} did not settle within 60 s", container.runningTasks(),
					container);
		}
	}

}
