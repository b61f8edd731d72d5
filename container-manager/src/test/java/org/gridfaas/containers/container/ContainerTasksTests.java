package org.gridfaas.containers.container;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which tasks one container admits and counts: each task once, none again from a listing
 * older than its release, and only running ones against the function's concurrency.
 */
class ContainerTasksTests {

	static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

	final ContainerTasks tasks = new ContainerTasks();

	@Test
	void aTaskAlreadyAdmittedIsNotAdmittedTwice() {
		assertThat(this.tasks.admit("a.txt", T0)).isTrue();
		assertThat(this.tasks.admit("a.txt", T0.plusSeconds(1))).isFalse();
		assertThat(this.tasks.all()).containsExactly("a.txt");
	}

	@Test
	void aListingTakenBeforeATaskWasReleasedDoesNotAdmitItAgain() {
		this.tasks.admit("a.txt", T0);
		this.tasks.release("a.txt", T0.plusSeconds(2));
		assertThat(this.tasks.admit("a.txt", T0.plusSeconds(1))).as("a listing from before the release").isFalse();
		assertThat(this.tasks.admit("a.txt", T0.plusSeconds(3))).as("put back and listed again").isTrue();
	}

	@Test
	void aTaskWhoseProcessEndedFreesItsSlotButKeepsTheContainerBusyUntilReleased() {
		this.tasks.admit("a.txt", T0);
		this.tasks.admit("b.txt", T0);
		this.tasks.executed("a.txt");
		assertThat(this.tasks.running()).isEqualTo(1);
		assertThat(this.tasks.all()).containsExactlyInAnyOrder("a.txt", "b.txt");
		this.tasks.release("a.txt", T0.plusSeconds(1));
		this.tasks.executed("b.txt");
		assertThat(this.tasks.isEmpty()).isFalse();
		this.tasks.release("b.txt", T0.plusSeconds(1));
		assertThat(this.tasks.isEmpty()).isTrue();
		assertThat(this.tasks.running()).isZero();
	}

	@Test
	void anExecutedCallForATaskNotAdmittedChangesNothing() {
		this.tasks.executed("ghost.txt");
		assertThat(this.tasks.isEmpty()).isTrue();
	}

}
