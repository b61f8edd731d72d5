package org.gridfaas.containers.task;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.containers.store.StoredObject;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a worker knows of a function's input/ between listings: one listing serves the
 * rounds until it is old, tried tasks leave it, and submitted tasks join it unlisted.
 */
class PendingTasksTests {

	static final FunctionName FUNCTION = FunctionName.of("queued");

	static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

	static final Duration MAX_AGE = Duration.ofMillis(500);

	final PendingTasks pending = new PendingTasks();

	final AtomicInteger listings = new AtomicInteger();

	@Test
	void oneListingServesTheRoundsUntilItIsOldAndTriedTasksLeaveIt() {
		assertThat(keys(untried(T0))).containsExactly("input/a.txt", "input/b.txt");
		this.pending.tried(FUNCTION, "input/a.txt");
		assertThat(keys(untried(T0.plusMillis(100)))).containsExactly("input/b.txt");
		assertThat(this.listings).hasValue(1);
		assertThat(keys(untried(T0.plus(MAX_AGE)))).as("listed again").containsExactly("input/a.txt", "input/b.txt");
		assertThat(this.listings).hasValue(2);
	}

	@Test
	void aSubmittedTaskIsKnownWithoutAListingInNameOrder() {
		untried(T0);
		this.pending.submitted(FUNCTION, new StoredObject("input/a0.txt", 3, T0), T0.plusMillis(10));
		List<PendingTasks.Candidate> known = untried(T0.plusMillis(20));
		assertThat(keys(known)).containsExactly("input/a.txt", "input/a0.txt", "input/b.txt");
		assertThat(known.get(1).seenAt()).isEqualTo(T0.plusMillis(10));
		assertThat(this.pending.count(FUNCTION)).isEqualTo(3);
		assertThat(this.listings).hasValue(1);
	}

	private List<PendingTasks.Candidate> untried(Instant now) {
		return this.pending.untried(FUNCTION, now, MAX_AGE, () -> {
			this.listings.incrementAndGet();
			return List.of(new StoredObject("input/a.txt", 1, T0), new StoredObject("input/b.txt", 1, T0));
		});
	}

	private static List<String> keys(List<PendingTasks.Candidate> candidates) {
		return candidates.stream().map((candidate) -> candidate.object().key()).toList();
	}

}
