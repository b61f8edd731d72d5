package org.gridfaas.containers.container;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The tasks admitted to one container. A task runs, then its outcome is filed, then it is
 * released. Only a running task counts against the function's concurrency: filing is the
 * platform's work, not the container's. The container is idle, and may be stopped, only
 * once every outcome is filed, since filing reads the task's files from the work folder.
 */
final class ContainerTasks {

	/** Each task admitted, and whether its process has ended. */
	private final Map<String, Boolean> admitted = new ConcurrentHashMap<>();

	/**
	 * When tasks were released lately. A listing of {@code input/} taken before a task
	 * was released may still show it, from before it was claimed; such a task is not
	 * admitted again from that listing.
	 */
	private final Cache<String, Instant> released = Caffeine.newBuilder()
		.expireAfterWrite(Duration.ofMinutes(1))
		.maximumSize(100_000)
		.build();

	/**
	 * Admits a task seen in a listing taken at {@code listedAt}, unless it is here
	 * already.
	 */
	synchronized boolean admit(String task, Instant listedAt) {
		Instant releasedAt = this.released.getIfPresent(task);
		if (this.admitted.containsKey(task) || (releasedAt != null && releasedAt.isAfter(listedAt))) {
			return false;
		}
		this.admitted.put(task, false);
		return true;
	}

	/** The task's process ended: its slot is free while its outcome is filed. */
	void executed(String task) {
		this.admitted.replace(task, true);
	}

	synchronized void release(String task, Instant at) {
		this.admitted.remove(task);
		this.released.put(task, at);
	}

	/** Every task admitted and not yet released. */
	Set<String> all() {
		return Set.copyOf(this.admitted.keySet());
	}

	/** How many run now. */
	int running() {
		return (int) this.admitted.values().stream().filter((ended) -> !ended).count();
	}

	boolean isEmpty() {
		return this.admitted.isEmpty();
	}

}
