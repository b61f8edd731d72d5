package org.gridfaas.containers.task;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.common.schedule.PeriodicTask;
import org.gridfaas.containers.store.ObjectStore;
import org.gridfaas.containers.store.ObjectStoreException;
import org.gridfaas.containers.store.StoredObject;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;

/**
 * Claims on tasks that hold across every worker of one object store. A worker claims a
 * task by writing its lease create-only ({@code If-None-Match: *}): of several workers
 * racing for a task exactly one wins. It renews the lease while the task runs
 * ({@code If-Match} on the version it wrote), and a lease not renewed by its expiry may
 * be taken over by any worker, the same way. Expiry is by the writer's clock, so the
 * workers' clocks must agree to well within a lease (NTP does).
 */
public class TaskLeases implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(TaskLeases.class);

	static final String LEASES = "leases/";

	static final String REPLICAS = "replicas/";

	private final ObjectStore store;

	private final JsonMapper json;

	private final String worker;

	private final Duration duration;

	private final Clock clock;

	private final Set<TaskLease> held = ConcurrentHashMap.newKeySet();

	private final Counter lost;

	private final PeriodicTask renewals;

	TaskLeases(ObjectStore store, JsonMapper json, String worker, Duration duration, Clock clock, MeterRegistry meters,
			TaskScheduler scheduler) {
		this.store = store;
		this.renewals = new PeriodicTask("Task lease renewal", scheduler, this::renewDue);
		this.json = json;
		this.worker = worker;
		this.duration = duration;
		this.clock = clock;
		this.lost = Counter.builder("gridfaas.tasks.leases.lost")
			.description("Task leases another worker took over while this one held them")
			.register(meters);
	}

	static String key(TaskId task) {
		return LEASES + task + ".json";
	}

	/** This worker's name, as its leases carry it. */
	public String worker() {
		return this.worker;
	}

	/** How long a lease lasts unless renewed. */
	public Duration duration() {
		return this.duration;
	}

	/**
	 * Claims the task for one attempt: writes its lease create-only, or takes over a
	 * lease that expired.
	 * @return the lease, or empty when another worker holds the task
	 */
	Optional<TaskLease> acquire(FunctionName function, TaskId task, int attempt, String purpose) {
		return acquire(function, key(task), task, attempt, purpose);
	}

	/**
	 * Takes one of the function's replica slots from {@code from} to {@code to - 1}, the
	 * lowest free one: this worker may then run a replica of it.
	 * @return the slot's lease, or empty when every one is held
	 */
	Optional<TaskLease> acquireReplicaSlot(FunctionName function, int from, int to) {
		for (int slot = from; slot < to; slot++) {
			Optional<TaskLease> lease = acquire(function, REPLICAS + slot + ".json", null, 0, "replica");
			if (lease.isPresent()) {
				return lease;
			}
		}
		return Optional.empty();
	}

	private Optional<TaskLease> acquire(FunctionName function, String key, TaskId task, int attempt, String purpose) {
		String bucket = function.value();
		Instant now = this.clock.instant();
		Instant expiresAt = now.plus(this.duration);
		byte[] body = write(new Document(this.worker, attempt, purpose, now, expiresAt));
		Optional<String> etag = this.store.create(bucket, key, body);
		if (etag.isEmpty()) {
			Optional<ObjectStore.Version> current = this.store.readVersion(bucket, key);
			if (current.isEmpty()) {
				// Released between the two requests: try once more, create-only.
				etag = this.store.create(bucket, key, body);
			}
			else if (isStale(current.get(), function, key, now)) {
				etag = this.store.replace(bucket, key, current.get().etag(), body);
			}
		}
		return etag.map((tag) -> {
			TaskLease lease = new TaskLease(function, key, task, attempt, tag, expiresAt);
			this.held.add(lease);
			return lease;
		});
	}

	/**
	 * Renews the lease for another {@link #duration()}.
	 * @return false when another worker took it over; the lease is then lost for good
	 */
	synchronized boolean renew(TaskLease lease) {
		if (lease.lost()) {
			return false;
		}
		Instant now = this.clock.instant();
		Instant expiresAt = now.plus(this.duration);
		Optional<String> etag = this.store.replace(lease.function().value(), lease.key(), lease.etag(),
				write(new Document(this.worker, lease.attempt(), (lease.task() != null) ? "run" : "replica", now,
						expiresAt)));
		if (etag.isEmpty()) {
			lease.markLost();
			this.held.remove(lease);
			this.lost.increment();
			log.warn("Lost the {} to another worker", lease);
			return false;
		}
		lease.renewed(etag.get(), expiresAt);
		return true;
	}

	/**
	 * The fence before an outcome is filed: makes sure the lease is this worker's for at
	 * least two thirds of a lease more while it writes, renewing it unless it was taken
	 * or renewed less than a third of a lease ago. No other worker takes a lease over
	 * before it expires, by clocks that agree to well within a third of a lease.
	 * @throws LeaseLostException when it is no longer this worker's
	 */
	void confirm(TaskLease lease) {
		Instant needed = this.clock.instant().plus(this.duration.multipliedBy(2).dividedBy(3));
		if (!lease.lost() && lease.expiresAt().isAfter(needed)) {
			return;
		}
		if (!renew(lease)) {
			throw new LeaseLostException(lease);
		}
	}

	/** Gives the lease up once its attempt is filed. */
	void release(TaskLease lease) {
		this.held.remove(lease);
		if (!lease.lost()) {
			this.store.delete(lease.function().value(), lease.key());
		}
	}

	/**
	 * Stops holding the lease, without deleting it: this worker may take it over at once,
	 * the others once it expires.
	 */
	void forget(TaskLease lease) {
		this.held.remove(lease);
	}

	/** Renews the leases held every sixth of a lease, each once a third of it is used. */
	@Override
	public void start() {
		this.renewals.start(this.duration.dividedBy(6));
	}

	@Override
	public void stop() {
		this.renewals.stop(Duration.ofSeconds(10));
	}

	@Override
	public boolean isRunning() {
		return this.renewals.isRunning();
	}

	/** Renews every lease held that has used a third of its time. */
	void renewDue() {
		Instant due = this.clock.instant().plus(this.duration.multipliedBy(2).dividedBy(3));
		for (TaskLease lease : List.copyOf(this.held)) {
			if (lease.expiresAt().isBefore(due)) {
				try {
					renew(lease);
				}
				catch (ObjectStoreException ex) {
					log.warn("Cannot renew the {} (it expires at {}): {}", lease, lease.expiresAt(), ex.getMessage());
				}
			}
		}
	}

	/**
	 * The tasks of the function whose leases no live worker holds: expired, unreadable,
	 * or this worker's from before it restarted. Only leases not written for a whole
	 * lease are read, unless {@code readAll}.
	 */
	List<TaskId> stale(FunctionName function, boolean readAll) {
		Instant now = this.clock.instant();
		Instant old = now.minus(this.duration);
		List<TaskId> stale = new ArrayList<>();
		for (StoredObject object : this.store.list(function.value(), LEASES)) {
			String name = object.key().substring(LEASES.length());
			if (!name.endsWith(".json")) {
				continue;
			}
			Optional<TaskId> task = TaskStore.parse(name.substring(0, name.length() - ".json".length()));
			if (task.isEmpty() || holds(function, key(task.get()))) {
				continue;
			}
			boolean mayBeStale = readAll || object.lastModified() == null || object.lastModified().isBefore(old);
			if (mayBeStale && this.store.readVersion(function.value(), object.key())
				.filter((version) -> isStale(version, function, object.key(), now))
				.isPresent()) {
				stale.add(task.get());
			}
		}
		return stale;
	}

	/** Whether a lease on the task exists that no one may take over yet. */
	boolean isLive(FunctionName function, TaskId task) {
		return this.store.readVersion(function.value(), key(task))
			.filter((version) -> !isStale(version, function, key(task), this.clock.instant()))
			.isPresent();
	}

	private boolean holds(FunctionName function, String key) {
		return this.held.stream().anyMatch((lease) -> lease.function().equals(function) && lease.key().equals(key));
	}

	private boolean isStale(ObjectStore.Version version, FunctionName function, String key, Instant now) {
		Document lease;
		try {
			lease = this.json.readValue(version.body(), Document.class);
		}
		catch (JacksonException ex) {
			return true;
		}
		if (lease.expiresAt() == null || lease.worker() == null || !lease.expiresAt().isAfter(now)) {
			return true;
		}
		// No worker writes a lease that long: planted in the bucket (its owner can write
		// there), or written by a clock far off. Either way it must not block the task.
		if (lease.expiresAt().isAfter(now.plus(this.duration.multipliedBy(4)))) {
			return true;
		}
		// Ours, but not held: written before this worker restarted.
		return this.worker.equals(lease.worker()) && !holds(function, key);
	}

	private byte[] write(Document document) {
		return this.json.writeValueAsBytes(document);
	}

	/**
	 * The lease object as stored.
	 *
	 * @param worker the worker that holds it
	 * @param attempt the attempt it is for: the fencing token
	 * @param purpose {@code run} for an attempt, {@code recover} for a takeover that puts
	 * a task back
	 * @param renewedAt when it was written
	 * @param expiresAt when it may be taken over unless renewed
	 */
	record Document(String worker, int attempt, String purpose, Instant renewedAt, Instant expiresAt) {

	}

}
