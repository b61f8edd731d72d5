package org.gridfaas.containers.task;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.containers.store.StoredObject;

/**
 * What this worker knows of each function's {@code input/} between listings: the last
 * listing, less the tasks tried since, plus the tasks submitted through this worker's
 * API. Listing {@code input/} is a worker's dearest request, and its cost grows with the
 * queue; so a round lists only once the last listing is some time old, and otherwise
 * tries the tasks it already knows of. A task seen in a listing may be gone by the time
 * it is tried (another worker took it): its claim then fails, cheaply, and it is dropped.
 */
final class PendingTasks {

	/**
	 * A task known to be in {@code input/}.
	 *
	 * @param object its listing entry
	 * @param seenAt when it was seen there: the listing's time, or its submission's
	 */
	record Candidate(StoredObject object, Instant seenAt) {
	}

	private final Map<FunctionName, Known> known = new ConcurrentHashMap<>();

	/**
	 * The function's tasks not yet tried, oldest name first, from a fresh listing of
	 * {@code input/} when the last is {@code maxAge} old or there is none.
	 */
	List<Candidate> untried(FunctionName function, Instant now, Duration maxAge, Supplier<List<StoredObject>> lister) {
		Known tasks = this.known.computeIfAbsent(function, (name) -> new Known());
		synchronized (tasks) {
			if (tasks.listedAt == null || !now.isBefore(tasks.listedAt.plus(maxAge))) {
				tasks.untried.clear();
				for (StoredObject object : lister.get()) {
					tasks.untried.put(object.key(), new Candidate(object, now));
				}
				tasks.listedAt = now;
			}
			return List.copyOf(tasks.untried.values());
		}
	}

	/** The task was tried: claimed, refused or rejected; the next listing tells anew. */
	void tried(FunctionName function, String key) {
		Known tasks = this.known.get(function);
		if (tasks != null) {
			synchronized (tasks) {
				tasks.untried.remove(key);
			}
		}
	}

	/**
	 * A task was put under {@code input/} by this worker, so that no listing is needed to
	 * find it.
	 */
	void submitted(FunctionName function, StoredObject object, Instant at) {
		Known tasks = this.known.computeIfAbsent(function, (name) -> new Known());
		synchronized (tasks) {
			tasks.untried.put(object.key(), new Candidate(object, at));
		}
	}

	/** How many tasks of the function are known to wait. */
	int count(FunctionName function) {
		Known tasks = this.known.get(function);
		if (tasks == null) {
			return 0;
		}
		synchronized (tasks) {
			return tasks.untried.size();
		}
	}

	/** One function's knowledge; guarded by itself. */
	private static final class Known {

		private Instant listedAt;

		private final TreeMap<String, Candidate> untried = new TreeMap<>();

	}

}
