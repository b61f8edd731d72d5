package org.gridfaas.common.retry;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadRetriesTests {

	private final ReadRetries retries = ReadRetries.on(IllegalStateException.class);

	@Test
	void aTransientFailureIsTriedAgainAndTheLaterAnswerReturned() {
		AtomicInteger tries = new AtomicInteger();
		String answer = this.retries.read(() -> {
			if (tries.incrementAndGet() < 3) {
				throw new IllegalStateException("down");
			}
			return "up";
		});
		assertThat(answer).isEqualTo("up");
		assertThat(tries).hasValue(3);
	}

	@Test
	void afterThreeTriesTheLastFailureItselfIsThrown() {
		AtomicInteger tries = new AtomicInteger();
		assertThatThrownBy(() -> this.retries.read(() -> {
			throw new IllegalStateException("down " + tries.incrementAndGet());
		})).isExactlyInstanceOf(IllegalStateException.class).hasMessage("down 3");
	}

	@Test
	void anyOtherFailureIsThrownAtOnce() {
		AtomicInteger tries = new AtomicInteger();
		assertThatThrownBy(() -> this.retries.read(() -> {
			tries.incrementAndGet();
			throw new IllegalArgumentException("refused");
		})).isExactlyInstanceOf(IllegalArgumentException.class);
		assertThat(tries).hasValue(1);
	}

}
