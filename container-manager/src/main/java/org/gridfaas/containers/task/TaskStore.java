package org.gridfaas.containers.task;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.gridfaas.common.InvalidValueException;
import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.containers.store.ObjectStore;
import org.gridfaas.containers.store.ObjectStoreException;
import org.gridfaas.containers.store.StoredObject;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Tasks in a function's bucket, moved between folders as their state changes (the
 * prototype's layout: {@code input/ -> processing/ -> output/}, plus {@code failed/} for
 * dead letters and {@code status/} for records). S3 has no rename, so every move is copy,
 * then record, then delete: a crash in between leaves a task in two folders, never in
 * none, and {@link #recover} settles it. A task is claimed with a lease
 * ({@link TaskLeases}), so that of several workers on one store only one runs it and
 * files its outcome.
 */
@Component
public class TaskStore {

	private static final Logger log = LoggerFactory.getLogger(TaskStore.class);

	static final String STATUS = "status/";

	static final String LOGS = "logs/";

	static final String RESULTS = "results/";

	private final ObjectStore store;

	private final JsonMapper json;

	private final TaskLeases leases;

	/**
	 * Threads for a submission's lookups, and for what each claim finishes while its task
	 * runs.
	 */
	private final SimpleAsyncTaskExecutor bookkeeping = new SimpleAsyncTaskExecutor("task-store-");

	TaskStore(ObjectStore store, JsonMapper json, TaskLeases leases) {
		this.bookkeeping.setDaemon(true);
		this.store = store;
		this.json = json;
		this.leases = leases;
	}

	/**
	 * Puts a new task under {@code input/}; 409 when a task of that name exists in any
	 * state. It gets no record yet: one PUT is all a submission waits for, and its claim
	 * tells its submission time from the object's.
	 */
	public TaskView submit(FunctionName function, TaskId id, byte[] body, Instant now) {
		return submit(function, id, new java.io.ByteArrayInputStream(body), body.length, now);
	}

	/** Submits a task whose file streams from {@code body}, {@code size} bytes. */
	public TaskView submit(FunctionName function, TaskId id, java.io.InputStream body, long size, Instant now) {
		String bucket = function.value();
		// One look per state, all at once: a submission waits for the slowest, not the
		// sum.
		Map<TaskState, CompletableFuture<Boolean>> exists = new EnumMap<>(TaskState.class);
		for (TaskState state : TaskState.values()) {
			exists.put(state, CompletableFuture.supplyAsync(() -> this.store.stat(bucket, state.key(id)).isPresent(),
					this.bookkeeping));
		}
		for (Map.Entry<TaskState, CompletableFuture<Boolean>> state : exists.entrySet()) {
			if (joined(state.getValue())) {
				throw new TaskConflictException(
						"Task " + id + " exists already (" + state.getKey().name().toLowerCase() + ")");
			}
		}
		this.store.put(bucket, TaskState.PENDING.key(id), body, size);
		return TaskView.of(TaskState.PENDING, TaskRecord.fresh(id, now));
	}

	/**
	 * The objects waiting under {@code input/}, oldest name first (the prototype's
	 * order).
	 */
	public List<StoredObject> pending(FunctionName function) {
		List<StoredObject> pending = new ArrayList<>(this.store.list(function.value(), TaskState.PENDING.prefix()));
		pending.sort(Comparator.comparing(StoredObject::key));
		return pending;
	}

	/**
	 * Claims a pending task for one attempt: takes its lease, then moves it to
	 * {@code processing/} and counts the attempt.
	 * @param pending the task's object in {@code input/}, as listed
	 * @return the claim, or empty when another worker holds or took the task
	 */
	public Optional<Claim> claim(FunctionName function, TaskId id, StoredObject pending, String container,
			Instant now) {
		TaskRecord record = pendingRecord(function, id, pending.lastModified()).started(container, this.leases.worker(),
				now);
		Optional<TaskLease> lease = this.leases.acquire(function, id, record.attempts(), "run");
		if (lease.isEmpty()) {
			return Optional.empty();
		}
		try {
			this.store.copy(function.value(), TaskState.PENDING.key(id), TaskState.RUNNING.key(id));
		}
		catch (ObjectStoreException ex) {
			// Listed before another worker took it, ran it and let it go.
			this.leases.release(lease.get());
			if (this.store.stat(function.value(), TaskState.PENDING.key(id)).isEmpty()) {
				return Optional.empty();
			}
			throw ex;
		}
		// The task runs from its copy in processing/. Its record and its leaving
		// input/ are needed only before its outcome is filed (settle), so they go on
		// while it runs.
		CompletableFuture<Void> leftInput = CompletableFuture.runAsync(() -> leaveInput(function, record),
				this.bookkeeping);
		return Optional.of(new Claim(record, lease.get(), leftInput));
	}

	/**
	 * The record of a task in {@code input/}. A finished task is never put back there, so
	 * a record saying it finished is a former task's of that name, dropped anew into the
	 * bucket: that one starts afresh.
	 */
	private TaskRecord pendingRecord(FunctionName function, TaskId id, Instant submittedAt) {
		return readRecord(function, id).filter((record) -> !record.state().finished())
			.orElseGet(() -> TaskRecord.fresh(id, submittedAt));
	}

	/** The future's value, or what it failed with, as thrown by the store. */
	private static <T> T joined(CompletableFuture<T> future) {
		try {
			return future.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
	}

	private void leaveInput(FunctionName function, TaskRecord started) {
		writeRecord(function, started);
		this.store.delete(function.value(), TaskState.PENDING.key(started.id()));
	}

	/**
	 * Waits for what the claim left to do; should that have failed, does it again here
	 * (it may be done twice), so that no outcome is filed while the task is still in
	 * {@code input/}, where it would run again.
	 */
	private void settle(Claim claim) {
		try {
			claim.leftInput().join();
		}
		catch (CompletionException ex) {
			leaveInput(claim.lease().function(), claim.record());
		}
	}

	/**
	 * Lets the claim's lease go without deleting it, when its outcome could not be filed:
	 * no longer held, it is stale to this worker at once and to the others once it
	 * expires, and recovery puts the task back. A no-op once the outcome is filed.
	 */
	void abandon(Claim claim) {
		this.leases.forget(claim.lease());
	}

	/**
	 * The fence before a running task's results are filed.
	 * @throws LeaseLostException when another worker holds its lease now
	 */
	void confirm(TaskLease lease) {
		this.leases.confirm(lease);
	}

	/**
	 * Files one result of a running task, streamed, as {@code results/<task>/<path>}.
	 * @return its key
	 */
	public String putResult(FunctionName function, TaskId task, String path, InputStream body, long size) {
		String key = RESULTS + task + "/" + path;
		this.store.put(function.value(), key, body, size);
		return key;
	}

	/**
	 * Files a finished task whose results are filed ({@link #putResult}) after
	 * {@link #confirm}: its log, then the task itself under {@code output/}.
	 */
	public TaskRecord succeed(Claim claim, int exitCode, Path logFile, List<String> resultKeys, Instant now) {
		settle(claim);
		FunctionName function = claim.lease().function();
		TaskRecord running = claim.record();
		// Confirmed (the fence) before its results were filed, a lease ago at most.
		String logKey = LOGS + "out-task-" + running.id() + ".txt";
		this.store.upload(function.value(), logKey, logFile);
		TaskRecord record = running.succeeded(exitCode, now, logKey, resultKeys);
		move(function, TaskState.RUNNING.key(running.id()), TaskState.SUCCEEDED.key(running.id()), record);
		this.leases.release(claim.lease());
		return record;
	}

	/**
	 * Files a failed attempt: the log as {@code ...txt.error}, and the task back under
	 * {@code input/} or, after {@code maxAttempts} failures, under {@code failed/}.
	 */
	public TaskRecord fail(Claim claim, int maxAttempts, Integer exitCode, String reason, Path logFile, Instant now) {
		settle(claim);
		FunctionName function = claim.lease().function();
		TaskRecord running = claim.record();
		this.leases.confirm(claim.lease());
		String logKey = LOGS + "out-task-" + running.id() + ".txt.error";
		if (logFile != null) {
			this.store.upload(function.value(), logKey, logFile);
		}
		TaskState next = (running.failures() + 1 >= maxAttempts) ? TaskState.FAILED : TaskState.PENDING;
		TaskRecord record = running.failed(next, exitCode, reason, now, logKey);
		move(function, TaskState.RUNNING.key(running.id()), next.key(running.id()), record);
		this.leases.release(claim.lease());
		return record;
	}

	/** Puts a running task back under {@code input/} without counting a failure. */
	public void requeue(Claim claim, String reason, Instant now) {
		settle(claim);
		this.leases.confirm(claim.lease());
		requeue(claim.lease().function(), claim.record().id(), reason, now);
		this.leases.release(claim.lease());
	}

	private void requeue(FunctionName function, TaskId id, String reason, Instant now) {
		TaskRecord record = readRecord(function, id).orElseGet(() -> TaskRecord.fresh(id, null)).requeued(reason, now);
		move(function, TaskState.RUNNING.key(id), TaskState.PENDING.key(id), record);
	}

	/**
	 * Dead-letters a pending object that can never run (unsafe name, too big), with the
	 * reason.
	 */
	public void reject(FunctionName function, String inputKey, String reason, Instant now) {
		String rest = inputKey.substring(TaskState.PENDING.prefix().length());
		String bucket = function.value();
		// The log first, as every outcome is filed: whoever sees the task in failed/
		// finds its reason.
		try {
			this.store.put(bucket, LOGS + "out-task-" + logNameOf(rest) + ".txt.error",
					("gridfaas: not run: " + reason + "\n").getBytes(StandardCharsets.UTF_8));
		}
		catch (ObjectStoreException ex) {
			// The object leaves input/ all the same: nothing may block the queue.
			log.warn("Cannot write the dead-letter log of {}/{}: {}", function, logNameOf(rest), ex.getMessage());
		}
		this.store.copy(bucket, inputKey, TaskState.FAILED.prefix() + rest);
		try {
			TaskId id = TaskId.of(rest);
			writeRecord(function,
					readRecord(function, id).orElseGet(() -> TaskRecord.fresh(id, null)).rejected(reason, now));
		}
		catch (InvalidValueException ex) {
			// An unsafe name gets no record; its reason is in the log object.
		}
		this.store.delete(bucket, inputKey);
		log.warn("Task {}/{} dead-lettered: {}", function, rest.replaceAll("\\p{Cntrl}", "?"), reason);
	}

	/**
	 * Settles what a lost execution left: a task whose lease no live worker holds (its
	 * worker crashed, was cut off, or this one restarted) is taken over and put back to
	 * {@code input/} without counting a failure. With {@code sweep}, {@code processing/}
	 * is read too, for tasks left there with no lease at all. A task that also sits in
	 * {@code output/} or {@code failed/} finished, and its leftover copy goes.
	 * @param owned the tasks this worker runs now
	 * @return the tasks put back to {@code input/}
	 */
	public List<TaskId> recover(FunctionName function, Set<TaskId> owned, boolean sweep, Instant now) {
		Set<TaskId> candidates = new java.util.LinkedHashSet<>(this.leases.stale(function, sweep));
		if (sweep) {
			for (StoredObject object : this.store.list(function.value(), TaskState.RUNNING.prefix())) {
				String rest = object.key().substring(TaskState.RUNNING.prefix().length());
				Optional<TaskId> id = parse(rest);
				if (id.isEmpty()) {
					// Not a task's name: nothing can run it, so it goes where it came
					// from.
					this.store.move(function.value(), object.key(), TaskState.PENDING.prefix() + rest);
				}
				else if (!owned.contains(id.get()) && !this.leases.isLive(function, id.get())) {
					candidates.add(id.get());
				}
			}
		}
		List<TaskId> requeued = new ArrayList<>();
		for (TaskId id : candidates) {
			if (!owned.contains(id) && takeOver(function, id, now)) {
				requeued.add(id);
			}
		}
		if (!requeued.isEmpty()) {
			log.info("Put {} task(s) of {} whose execution was lost back to input/: {}", requeued.size(), function,
					requeued);
		}
		return requeued;
	}

	/**
	 * Takes over a stale lease and settles its task.
	 * @return whether the task went back to {@code input/}
	 */
	private boolean takeOver(FunctionName function, TaskId id, Instant now) {
		String bucket = function.value();
		int attempts = readRecord(function, id).map(TaskRecord::attempts).orElse(0);
		Optional<TaskLease> lease = this.leases.acquire(function, id, attempts, "recover");
		if (lease.isEmpty()) {
			return false;
		}
		boolean requeued = false;
		if (this.store.stat(bucket, TaskState.RUNNING.key(id)).isPresent()) {
			if (this.store.stat(bucket, TaskState.SUCCEEDED.key(id)).isPresent()
					|| this.store.stat(bucket, TaskState.FAILED.key(id)).isPresent()) {
				this.store.delete(bucket, TaskState.RUNNING.key(id));
			}
			else {
				requeue(function, id, "requeued after its execution was lost", now);
				requeued = true;
			}
		}
		this.leases.release(lease.get());
		return requeued;
	}

	/** One task, wherever it is. */
	public Optional<TaskView> find(FunctionName function, TaskId id) {
		for (TaskState state : List.of(TaskState.RUNNING, TaskState.PENDING, TaskState.SUCCEEDED, TaskState.FAILED)) {
			Optional<StoredObject> object = this.store.stat(function.value(), state.key(id));
			if (object.isPresent()) {
				TaskRecord record = (state == TaskState.PENDING)
						? pendingRecord(function, id, object.get().lastModified())
						: readRecord(function, id).orElseGet(() -> TaskRecord.fresh(id, null));
				return Optional.of(TaskView.of(state, record));
			}
		}
		return Optional.empty();
	}

	/** The tasks in one state, by name. */
	public List<TaskView> list(FunctionName function, TaskState state) {
		List<TaskView> views = new ArrayList<>();
		for (StoredObject object : this.store.list(function.value(), state.prefix())) {
			parse(object.key().substring(state.prefix().length())).ifPresent((id) -> views.add(
					TaskView.of(state, (state == TaskState.PENDING) ? pendingRecord(function, id, object.lastModified())
							: readRecord(function, id).orElseGet(() -> TaskRecord.fresh(id, object.lastModified())))));
		}
		return views;
	}

	private void move(FunctionName function, String fromKey, String toKey, TaskRecord record) {
		String bucket = function.value();
		this.store.copy(bucket, fromKey, toKey);
		writeRecord(function, record);
		this.store.delete(bucket, fromKey);
	}

	Optional<TaskRecord> readRecord(FunctionName function, TaskId id) {
		return this.store.read(function.value(), STATUS + id + ".json").flatMap((bytes) -> {
			try {
				return Optional.of(this.json.readValue(bytes, TaskRecord.class));
			}
			catch (JacksonException ex) {
				log.warn("Ignoring unreadable record of task {}/{}: {}", function, id, ex.getOriginalMessage());
				return Optional.empty();
			}
		});
	}

	private void writeRecord(FunctionName function, TaskRecord record) {
		this.store.put(function.value(), STATUS + record.id() + ".json", this.json.writeValueAsBytes(record));
	}

	/**
	 * A safe, bounded name for the log of any input object: unsafe characters become
	 * {@code _}, and a name too long to be a task's is cut, with a digest of the whole to
	 * keep it apart from others.
	 */
	static String logNameOf(String rest) {
		String safe = rest.replaceAll("[^A-Za-z0-9._-]", "_");
		if (safe.length() <= TaskId.MAX_LENGTH) {
			return safe;
		}
		try {
			byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
				.digest(rest.getBytes(StandardCharsets.UTF_8));
			return safe.substring(0, 100) + "-" + java.util.HexFormat.of().formatHex(digest, 0, 8);
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A task claimed for one attempt: its record as of the start, and the lease that lets
	 * this worker file the outcome.
	 *
	 * @param record the record, with the attempt counted
	 * @param lease the lease
	 * @param leftInput done once the record is written and the task is gone from
	 * {@code input/}
	 */
	public record Claim(TaskRecord record, TaskLease lease, CompletableFuture<Void> leftInput) {

		public TaskId id() {
			return this.record.id();
		}

	}

	static Optional<TaskId> parse(String name) {
		try {
			return Optional.of(TaskId.of(name));
		}
		catch (InvalidValueException ex) {
			return Optional.empty();
		}
	}

}
