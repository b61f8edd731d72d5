package org.gridfaas.containers.task;

import java.time.Instant;
import java.util.List;

/**
 * What is known about a task beyond where it sits, kept at {@code status/<task>.json}.
 * The folder the task is in is the truth about its state; this record is its history.
 *
 * @param id the task
 * @param state the state when the record was written
 * @param attempts how many times it was started
 * @param failures how many attempts failed (crashes and requeues by enforcement do not
 * count)
 * @param submittedAt when it was submitted, if known
 * @param startedAt when the latest attempt started
 * @param endedAt when the latest attempt ended
 * @param exitCode the latest attempt's exit code
 * @param reason why the latest attempt failed, or why the task cannot run
 * @param container the container of the latest attempt
 * @param logKey the object holding the latest attempt's output
 * @param resultKeys the objects the task's results were filed under
 * @param worker the worker of the latest attempt
 * @param history every attempt that ended, oldest first (the last {@value #HISTORY}):
 * which worker ran it, from when to when, and how it ended
 */
public record TaskRecord(TaskId id, TaskState state, int attempts, int failures, Instant submittedAt, Instant startedAt,
		Instant endedAt, Integer exitCode, String reason, String container, String logKey, List<String> resultKeys,
		String worker, List<Attempt> history) {

	/** How many attempts the history keeps. */
	public static final int HISTORY = 20;

	public TaskRecord {
		resultKeys = (resultKeys != null) ? List.copyOf(resultKeys) : List.of();
		history = (history != null) ? List.copyOf(history) : List.of();
	}

	/** The record of a task nobody has started yet. */
	public static TaskRecord fresh(TaskId id, Instant submittedAt) {
		return new TaskRecord(id, TaskState.PENDING, 0, 0, submittedAt, null, null, null, null, null, null, List.of(),
				null, List.of());
	}

	TaskRecord started(String container, String worker, Instant at) {
		return new TaskRecord(this.id, TaskState.RUNNING, this.attempts + 1, this.failures, this.submittedAt, at, null,
				null, null, container, this.logKey, this.resultKeys, worker, this.history);
	}

	TaskRecord succeeded(int exitCode, Instant at, String logKey, List<String> resultKeys) {
		return new TaskRecord(this.id, TaskState.SUCCEEDED, this.attempts, this.failures, this.submittedAt,
				this.startedAt, at, exitCode, null, this.container, logKey, resultKeys, this.worker,
				ended(at, "succeeded"));
	}

	TaskRecord failed(TaskState next, Integer exitCode, String reason, Instant at, String logKey) {
		return new TaskRecord(this.id, next, this.attempts, this.failures + 1, this.submittedAt, this.startedAt, at,
				exitCode, reason, this.container, logKey, this.resultKeys, this.worker, ended(at, "failed"));
	}

	TaskRecord requeued(String reason, Instant at) {
		return new TaskRecord(this.id, TaskState.PENDING, this.attempts, this.failures, this.submittedAt,
				this.startedAt, at, this.exitCode, reason, this.container, this.logKey, this.resultKeys, this.worker,
				ended(at, "requeued"));
	}

	TaskRecord rejected(String reason, Instant at) {
		return new TaskRecord(this.id, TaskState.FAILED, this.attempts, this.failures, this.submittedAt, this.startedAt,
				at, null, reason, this.container, this.logKey, this.resultKeys, this.worker, this.history);
	}

	/** The history with the latest attempt, now ended, added. */
	private List<Attempt> ended(Instant at, String outcome) {
		if (this.startedAt == null || this.attempts == 0) {
			return this.history;
		}
		List<Attempt> history = new java.util.ArrayList<>(this.history);
		history.add(new Attempt(this.attempts, this.worker, this.startedAt, at, outcome));
		return List.copyOf(history.subList(Math.max(0, history.size() - HISTORY), history.size()));
	}

	/**
	 * One attempt that ended.
	 *
	 * @param attempt its number
	 * @param worker the worker that ran it
	 * @param startedAt when it started
	 * @param endedAt when it was filed, or when another worker took it over
	 * @param outcome {@code succeeded}, {@code failed} or {@code requeued}
	 */
	public record Attempt(int attempt, String worker, Instant startedAt, Instant endedAt, String outcome) {

	}

}
