package org.gridfaas.containers.task;

import java.time.Instant;
import java.util.List;

/**
 * A task as the API shows it: its state from where its object is, the rest from its
 * record.
 *
 * @param id the task
 * @param state where it is now
 * @param attempts how many times it was started
 * @param failures how many attempts failed
 * @param submittedAt when it was submitted
 * @param startedAt when the latest attempt started
 * @param endedAt when the latest attempt ended
 * @param exitCode the latest attempt's exit code
 * @param reason why it failed or cannot run
 * @param logKey the object holding the latest attempt's output
 * @param resultKeys the objects its results were filed under
 * @param worker the worker of the latest attempt
 * @param history the attempts that ended, oldest first: worker, start, end, outcome
 */
public record TaskView(TaskId id, TaskState state, int attempts, int failures, Instant submittedAt, Instant startedAt,
		Instant endedAt, Integer exitCode, String reason, String logKey, List<String> resultKeys, String worker,
		List<TaskRecord.Attempt> history) {

	/**
	 * A pending task with why it waits (its function's image is being built, say), unless
	 * its record says why already.
	 */
	TaskView waitingBecause(java.util.Optional<String> why) {
		if (this.state != TaskState.PENDING || this.reason != null || why.isEmpty()) {
			return this;
		}
		return new TaskView(this.id, this.state, this.attempts, this.failures, this.submittedAt, this.startedAt,
				this.endedAt, this.exitCode, "waiting: " + why.get(), this.logKey, this.resultKeys, this.worker,
				this.history);
	}

	static TaskView of(TaskState state, TaskRecord record) {
		return new TaskView(record.id(), state, record.attempts(), record.failures(), record.submittedAt(),
				record.startedAt(), record.endedAt(), record.exitCode(), record.reason(), record.logKey(),
				record.resultKeys(), record.worker(), record.history());
	}

}
