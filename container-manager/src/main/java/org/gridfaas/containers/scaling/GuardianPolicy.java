package org.gridfaas.containers.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

import org.gridfaas.common.cpu.CpuShares;

/**
 * The ServerlessContainers Guardian's policy, faithfully (reference-behaviour.md §2).
 * With {@code upper = current - boundary} and {@code lower = current - 2 x boundary}, a
 * window makes an up event when {@code usage > upper} and the limit is under max, and a
 * down event when {@code 0 < usage < lower} and {@code lower > min}. Events expire after
 * their lifetime. Two up events (and at most two down events) scale up by a fixed amount,
 * or in proportion to how far usage passed the threshold; six down events and no up event
 * fit the limit to usage: {@code usage + boundary/2 + boundary}. Used events are
 * consumed.
 */
final class GuardianPolicy implements ScalingPolicy {

	private final ScalingProperties properties;

	private final Deque<Instant> ups = new ArrayDeque<>();

	private final Deque<Instant> downs = new ArrayDeque<>();

	GuardianPolicy(ScalingProperties properties) {
		this.properties = properties;
	}

	@Override
	public CpuShares next(CpuShares current, Window window, Limits limits, Instant now) {
		expire(now, this.properties.eventLifetime());
		int boundary = limits.boundary().value();
		int upper = current.value() - boundary;
		int lower = current.value() - 2 * boundary;
		int usage = window.used();
		if (usage > upper && current.compareTo(limits.max()) < 0) {
			this.ups.addLast(now);
		}
		if (usage > 0 && usage < lower && lower > limits.min().value()) {
			this.downs.addLast(now);
		}
		if (this.ups.size() >= this.properties.upEvents() && this.downs.size() <= 2) {
			consume(this.ups, this.properties.upEvents());
			double factor = this.properties.proportional() ? Math.min(1.0, (usage - upper) / (double) boundary) : 1.0;
			return limits.clamp(current.value() + (int) Math.round(factor * this.properties.upAmount()));
		}
		if (this.downs.size() >= this.properties.downEvents() && this.ups.isEmpty()) {
			consume(this.downs, this.properties.downEvents());
			// Fit to usage: usage + boundary/2 + boundary, as the Guardian does.
			return limits.clamp(usage + boundary / 2 + boundary);
		}
		return limits.clamp(current.value());
	}

	private void expire(Instant now, Duration lifetime) {
		Instant oldest = now.minus(lifetime);
		this.ups.removeIf((event) -> event.isBefore(oldest));
		this.downs.removeIf((event) -> event.isBefore(oldest));
	}

	private static void consume(Deque<Instant> events, int count) {
		for (int i = 0; i < count && !events.isEmpty(); i++) {
			events.removeFirst();
		}
	}

}
