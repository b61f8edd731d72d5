package org.gridfaas.containers.task;

import java.time.Instant;

import org.gridfaas.common.naming.FunctionName;

/**
 * A lease this worker holds on one attempt of one task: the object
 * {@code leases/<task>.json} beside the task, written create-only when the task was
 * claimed and renewed while the attempt runs. Its attempt number is the fencing token:
 * only the holder of the current lease files the attempt's outcome. A function's replica
 * slots ({@code replicas/<n>.json}) are leases of the same kind, held while this worker
 * runs a replica.
 */
public final class TaskLease {

	private final FunctionName function;

	private final String key;

	private final TaskId task;

	private final int attempt;

	private volatile String etag;

	private volatile Instant expiresAt;

	private volatile boolean lost;

	TaskLease(FunctionName function, String key, TaskId task, int attempt, String etag, Instant expiresAt) {
		this.function = function;
		this.key = key;
		this.task = task;
		this.attempt = attempt;
		this.etag = etag;
		this.expiresAt = expiresAt;
	}

	public FunctionName function() {
		return this.function;
	}

	/** The task, or null for a replica slot. */
	public TaskId task() {
		return this.task;
	}

	public int attempt() {
		return this.attempt;
	}

	String etag() {
		return this.etag;
	}

	/** When it ends unless renewed, by this worker's clock. */
	public Instant expiresAt() {
		return this.expiresAt;
	}

	/** Whether another worker took it over: this attempt's outcome is no longer ours. */
	public boolean lost() {
		return this.lost;
	}

	void renewed(String etag, Instant expiresAt) {
		this.etag = etag;
		this.expiresAt = expiresAt;
	}

	void markLost() {
		this.lost = true;
	}

	String key() {
		return this.key;
	}

	@Override
	public String toString() {
		return (this.task != null) ? "lease on " + this.function + "/" + this.task + " (attempt " + this.attempt + ")"
				: "lease on " + this.function + "/" + this.key;
	}

}
