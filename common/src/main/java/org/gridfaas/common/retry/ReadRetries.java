package org.gridfaas.common.retry;

import java.time.Duration;
import java.util.function.Supplier;

import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

/**
 * The one way the platform repeats a call: Spring's {@link RetryTemplate}, two more tries
 * after 100 ms and 200 ms, for calls that only read and so are safe to repeat. Never for
 * one that moves money or changes state elsewhere: those are sent once and their outcome
 * looked up.
 */
public final class ReadRetries {

	private final RetryTemplate template;

	private ReadRetries(RetryTemplate template) {
		this.template = template;
	}

	/** Retries a read that failed with {@code transientFailure} (or a subclass). */
	public static ReadRetries on(Class<? extends RuntimeException> transientFailure) {
		RetryPolicy policy = RetryPolicy.builder()
			.includes(transientFailure)
			.maxRetries(2)
			.delay(Duration.ofMillis(100))
			.multiplier(2)
			.build();
		return new ReadRetries(new RetryTemplate(policy));
	}

	/** The read's result, or the failure of its last try. */
	public <T> T read(Supplier<T> read) {
		return this.template.invoke(read);
	}

}
