package org.gridfaas.containers.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.gridfaas.common.cpu.CpuShares;
import org.gridfaas.containers.cgroup.CpuCgroup;

/**
 * Scales one container's cgroup, one window at a time: usage is the difference of two
 * readings of the cumulative counter divided by the time between them (exact, whatever
 * happened inside the window), throttling the difference of the throttling counters.
 */
public final class CgroupScaling {

	private final ScalingPolicy policy;

	private Reading last;

	private Step latest;

	public CgroupScaling(ScalingPolicy policy) {
		this.policy = policy;
	}

	/** A policy for the configured mode, with fresh state. */
	public static CgroupScaling of(ScalingProperties properties) {
		return new CgroupScaling((properties.mode() == ScalingProperties.Mode.FAITHFUL) ? new GuardianPolicy(properties)
				: new ResponsivePolicy(properties));
	}

	/**
	 * Measures the window since the last call and applies the policy; a restricted
	 * container is pinned at its restricted CPU instead.
	 * @return what was measured and set; empty on the first call, which only reads
	 */
	public Optional<Step> step(CpuCgroup group, Limits limits, boolean restricted, Instant now) {
		Reading reading = new Reading(now, group.usage(), group.throttling());
		Reading previous = this.last;
		this.last = reading;
		if (previous == null || !reading.at().isAfter(previous.at())) {
			return Optional.empty();
		}
		Window window = window(previous, reading);
		CpuShares current = group.limit().orElse(limits.max());
		CpuShares next = restricted ? limits.restricted() : this.policy.next(current, window, limits, now);
		if (!next.equals(current)) {
			group.setLimit(next);
		}
		this.latest = new Step(now, limits.max(), next, window.used(), restricted);
		return Optional.of(this.latest);
	}

	/** The policy deciding each window. */
	ScalingPolicy policy() {
		return this.policy;
	}

	/** The latest step, if any. */
	public Step latest() {
		return this.latest;
	}

	static Window window(Reading from, Reading to) {
		long elapsed = Duration.between(from.at(), to.at()).toNanos();
		long used = to.usage().minus(from.usage()).toNanos();
		int shares = (int) Math.round(used * (double) CpuShares.PER_CORE / elapsed);
		long periods = to.throttling().periods() - from.throttling().periods();
		long throttled = to.throttling().throttledPeriods() - from.throttling().throttledPeriods();
		return new Window(Math.max(0, shares), (periods > 0) ? throttled / (double) periods : 0);
	}

	/** One reading of a cgroup's counters. */
	record Reading(Instant at, Duration usage, CpuCgroup.Throttling throttling) {
	}

	/**
	 * What one window saw and did.
	 *
	 * @param at when the window ended
	 * @param max the container's max
	 * @param allocated the limit in force after the window
	 * @param used the window's average use, shares
	 * @param restricted whether the container was pinned at the floor
	 */
	public record Step(Instant at, CpuShares max, CpuShares allocated, int used, boolean restricted) {
	}

}
