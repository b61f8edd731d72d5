package org.gridfaas.containers.task;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.gridfaas.common.InvalidValueException;
import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.containers.store.ObjectStore;
import org.gridfaas.containers.store.ObjectStoreException;
import org.gridfaas.containers.store.StoredObject;
import org.springframework.stereotype.Component;

/**
 * Tasks in a function's bucket, moved between folders as their state changes (the
 * prototype's layout: {@code input/ -> processing/ -> output/}, plus {@code failed/} for
 * dead letters and {@code status/} for records). S3 has no rename, so every move is copy,
 * then record, then delete: a crash in between leaves a task in two folders, never in
 * none, and {@link #recover} settles it.
 */
@Component
public class TaskStore {

	private static final Logger log = LoggerFactory.getLogger(TaskStore.class);

	static final String STATUS = "status/";

	static final String LOGS = "logs/";

	static final String RESULTS = "results/";

	private final ObjectStore store;

	private final JsonMapper json;

	TaskStore(ObjectStore store, JsonMapper json) {
		this.store = store;
		this.json = json;
	}

	/**
	 * Puts a new task under {@code input/}; 409 when a task of that name exists in any
	 * state.
	 */
	public TaskView submit(FunctionName function, TaskId id, byte[] body, Instant now) {
		return submit(function, id, new java.io.ByteArrayInputStream(body), body.length, now);
	}

	/** Submits a task whose file streams from {@code body}, {@code size} bytes. */
	public TaskView submit(FunctionName function, TaskId id, java.io.InputStream body, long size, Instant now) {
		String bucket = function.value();
		for (TaskState state : TaskState.values()) {
			if (this.store.stat(bucket, state.key(id)).isPresent()) {
				throw new TaskConflictException("Task " + id + " exists already (" + state.name().toLowerCase() + ")");
			}
		}
		TaskRecord record = TaskRecord.fresh(id, now);
		writeRecord(function, record);
		this.store.put(bucket, TaskState.PENDING.key(id), body, size);
		return TaskView.of(TaskState.PENDING, record);
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

	/** Moves a pending task to {@code processing/} and counts the attempt. */
	public TaskRecord claim(FunctionName function, TaskId id, String container, Instant now) {
		TaskRecord record = readRecord(function, id).orElseGet(() -> TaskRecord.fresh(id, null))
			.started(container, now);
		move(function, TaskState.PENDING.key(id), TaskState.RUNNING.key(id), record);
		return record;
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
	 * Files a finished task whose results are filed ({@link #putResult}): its log, then
	 * the task itself under {@code output/}.
	 */
	public TaskRecord succeed(FunctionName function, TaskRecord running, int exitCode, Path logFile,
			List<String> resultKeys, Instant now) {
		String logKey = LOGS + "out-task-" + running.id() + ".txt";
		this.store.upload(function.value(), logKey, logFile);
		TaskRecord record = running.succeeded(exitCode, now, logKey, resultKeys);
		move(function, TaskState.RUNNING.key(running.id()), TaskState.SUCCEEDED.key(running.id()), record);
		return record;
	}

	/**
	 * Files a failed attempt: the log as {@code ...txt.error}, and the task back under
	 * {@code input/} or, after {@code maxAttempts} failures, under {@code failed/}.
	 */
	public TaskRecord fail(FunctionName function, TaskRecord running, int maxAttempts, Integer exitCode, String reason,
			Path logFile, Instant now) {
		String logKey = LOGS + "out-task-" + running.id() + ".txt.error";
		if (logFile != null) {
			this.store.upload(function.value(), logKey, logFile);
		}
		TaskState next = (running.failures() + 1 >= maxAttempts) ? TaskState.FAILED : TaskState.PENDING;
		TaskRecord record = running.failed(next, exitCode, reason, now, logKey);
		move(function, TaskState.RUNNING.key(running.id()), next.key(running.id()), record);
		return record;
	}

	/** Puts a running task back under {@code input/} without counting a failure. */
	public void requeue(FunctionName function, TaskId id, String reason, Instant now) {
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
	 * Settles {@code processing/} after a crash or a lost container: a task that also
	 * sits in {@code output/} or {@code failed/} finished, and its leftover copy goes;
	 * any other that no live execution owns goes back to {@code input/}.
	 * @return the tasks put back to {@code input/}
	 */
	public List<TaskId> recover(FunctionName function, Set<TaskId> owned, Instant now) {
		String bucket = function.value();
		List<TaskId> requeued = new ArrayList<>();
		for (StoredObject object : this.store.list(bucket, TaskState.RUNNING.prefix())) {
			String rest = object.key().substring(TaskState.RUNNING.prefix().length());
			Optional<TaskId> id = parse(rest);
			if (id.isPresent() && owned.contains(id.get())) {
				continue;
			}
			if (id.isPresent() && (this.store.stat(bucket, TaskState.SUCCEEDED.key(id.get())).isPresent()
					|| this.store.stat(bucket, TaskState.FAILED.key(id.get())).isPresent())) {
				this.store.delete(bucket, object.key());
				continue;
			}
			if (id.isPresent()) {
				requeue(function, id.get(), "requeued after its execution was lost", now);
				requeued.add(id.get());
			}
			else {
				this.store.move(bucket, object.key(), TaskState.PENDING.prefix() + rest);
			}
		}
		if (!requeued.isEmpty()) {
			log.info("Put {} unowned task(s) of {} back to input/: {}", requeued.size(), function, requeued);
		}
		return requeued;
	}

	/** One task, wherever it is. */
	public Optional<TaskView> find(FunctionName function, TaskId id) {
		for (TaskState state : List.of(TaskState.RUNNING, TaskState.PENDING, TaskState.SUCCEEDED, TaskState.FAILED)) {
			if (this.store.stat(function.value(), state.key(id)).isPresent()) {
				TaskRecord record = readRecord(function, id).orElseGet(() -> TaskRecord.fresh(id, null));
				return Optional.of(TaskView.of(state, record));
			}
		}
		return Optional.empty();
	}

	/** The tasks in one state, by name. */
	public List<TaskView> list(FunctionName function, TaskState state) {
		List<TaskView> views = new ArrayList<>();
		for (StoredObject object : this.store.list(function.value(), state.prefix())) {
			parse(object.key().substring(state.prefix().length())).ifPresent((id) -> views.add(TaskView.of(state,
					readRecord(function, id).orElseGet(() -> TaskRecord.fresh(id, object.lastModified())))));
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

	static Optional<TaskId> parse(String name) {
		try {
			return Optional.of(TaskId.of(name));
		}
		catch (InvalidValueException ex) {
			return Optional.empty();
		}
	}

}
