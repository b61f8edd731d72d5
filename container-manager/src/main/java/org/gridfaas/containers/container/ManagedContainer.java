package org.gridfaas.containers.container;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.gridfaas.common.api.StoppedContainer;
import org.gridfaas.common.naming.ContainerName;
import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.containers.function.FunctionSettings;
import org.gridfaas.containers.runtime.RuntimeContainer;

/**
 * A running container of a function, as the pool keeps track of it: whose it is, which
 * tasks run in it, when it last did something, and whether it is being stopped.
 */
public final class ManagedContainer {

	private final ContainerRecord record;

	private final FunctionSettings settings;

	private final Path workFolder;

	private final ContainerTasks tasks = new ContainerTasks();

	private volatile Instant lastActivity;

	private volatile boolean stopping;

	private volatile boolean requeueOnStop = true;

	private volatile boolean restricted;

	private volatile Duration lastUsage = Duration.ZERO;

	private final RuntimeContainer runtime;

	ManagedContainer(ContainerRecord record, FunctionSettings settings, Path workFolder, RuntimeContainer runtime) {
		this.runtime = runtime;
		this.record = record;
		this.settings = settings;
		this.workFolder = workFolder;
		this.lastActivity = record.startedAt();
		this.restricted = record.restricted();
	}

	public ContainerName name() {
		return this.record.name();
	}

	/** The runtime's container: where its commands run, its CPU, its stop. */
	public RuntimeContainer runtime() {
		return this.runtime;
	}

	public FunctionName function() {
		return this.record.function();
	}

	public UserName owner() {
		return this.record.owner();
	}

	/** One start of this container; usage readings of one instance form one series. */
	public String instance() {
		return this.record.instance();
	}

	public Instant startedAt() {
		return this.record.startedAt();
	}

	public FunctionSettings settings() {
		return this.settings;
	}

	/** Where this container's tasks keep their files. */
	public Path workFolder() {
		return this.workFolder;
	}

	/** Where the function's staging data is, for the tasks. */
	public Path stagingFolder() {
		return stagingFolderOf(this.workFolder);
	}

	/** Where a container with this work folder has its function's staging data. */
	static Path stagingFolderOf(Path workFolder) {
		return workFolder.resolve("staging");
	}

	/**
	 * Where its commands keep their files; nothing in it outlives the command, or an
	 * adoption.
	 */
	public Path tasksFolder() {
		return this.workFolder.resolve("tasks");
	}

	/** Counts as activity now, for the idle timeout. */
	void touch(Instant at) {
		this.lastActivity = at;
	}

	/**
	 * Registers a task, seen in a listing of {@code input/} taken at {@code listedAt}, as
	 * running; false when the container is being stopped, or the task is here already or
	 * was released since that listing.
	 */
	public boolean admit(String task, Instant listedAt) {
		return !this.stopping && this.tasks.admit(task, listedAt);
	}

	/** The task's process ended; its outcome is still being filed. */
	public void executed(String task) {
		this.tasks.executed(task);
	}

	/** Marks a task as settled: its outcome is filed, or it went back. */
	public void release(String task, Instant at) {
		this.tasks.release(task, at);
		this.lastActivity = at;
	}

	/** The tasks admitted and not yet settled: running, or having their outcome filed. */
	public Set<String> runningTasks() {
		return this.tasks.all();
	}

	/** How many tasks run now, against the function's concurrency. */
	public int runningCount() {
		return this.tasks.running();
	}

	/** Whether every task is settled. */
	public boolean settled() {
		return this.tasks.isEmpty();
	}

	/** Whether nothing ran for the function's idle timeout. */
	public boolean idleSince(Instant now) {
		return this.tasks.isEmpty() && !this.lastActivity.plus(this.settings.idleTimeout()).isAfter(now);
	}

	public boolean stopping() {
		return this.stopping;
	}

	/**
	 * Whether tasks killed by the stop go back to {@code input/} rather than count as
	 * failed.
	 */
	public boolean requeueOnStop() {
		return this.requeueOnStop;
	}

	void markStopping(boolean requeue) {
		this.requeueOnStop = requeue;
		this.stopping = true;
	}

	public boolean restricted() {
		return this.restricted;
	}

	void setRestricted(boolean restricted) {
		this.restricted = restricted;
	}

	/** The CPU usage of the latest reading; readings of one instance never go back. */
	Duration lastUsage() {
		return this.lastUsage;
	}

	void setLastUsage(Duration usage) {
		this.lastUsage = usage;
	}

	ContainerRecord record() {
		return new ContainerRecord(this.record.name(), this.record.function(), this.record.owner(),
				this.record.instance(), this.record.startedAt(), this.restricted);
	}

	@Override
	public String toString() {
		return this.record.name() + "[" + this.record.instance() + "]";
	}

	/** This instance as it is remembered once stopped, with its final CPU reading. */
	StoppedContainer stopped(Instant stoppedAt, String reason, Duration used, List<String> runningTasks) {
		return new StoppedContainer(name(), function().value(), owner(), instance(), startedAt(), stoppedAt, reason,
				BigDecimal.valueOf(used.toNanos(), 9), runningTasks, restricted());
	}

}
