package org.gridfaas.containers.scaling;

import java.time.Instant;

import org.gridfaas.common.cpu.CpuShares;

/**
 * The improved policy. The Guardian waits for two up events, and a container held at its
 * limit cannot show how much more it wants, so a step up takes several windows. Here the
 * cgroup's own throttling counters are the up signal: a window in which the limit held
 * the container back (or usage reached {@code current - boundary/2}) scales up at once,
 * to twice the usage or by the Guardian's amount, whichever is more. Down is the
 * Guardian's fit-to-usage, after fewer windows ({@code improvedDownEvents} in a row) and
 * with a margin of one boundary instead of one and a half.
 */
final class ResponsivePolicy implements ScalingPolicy {

	/** Throttled in more than this share of a window's periods counts as held back. */
	private static final double THROTTLED = 0.05;

	private final ScalingProperties properties;

	private int downsInARow;

	ResponsivePolicy(ScalingProperties properties) {
		this.properties = properties;
	}

	@Override
	public CpuShares next(CpuShares current, Window window, Limits limits, Instant now) {
		int boundary = limits.boundary().value();
		int usage = window.used();
		boolean heldBack = window.throttledShare() > THROTTLED || usage >= current.value() - boundary / 4;
		if (heldBack && current.compareTo(limits.max()) < 0) {
			this.downsInARow = 0;
			return limits.clamp(Math.max(current.value() + this.properties.upAmount(), 2 * usage));
		}
		int fit = usage + boundary / 2;
		if (usage > 0 && fit < current.value() - boundary / 2) {
			this.downsInARow++;
			if (this.downsInARow >= this.properties.improvedDownEvents()) {
				this.downsInARow = 0;
				return limits.clamp(fit);
			}
		}
		else {
			this.downsInARow = 0;
		}
		return limits.clamp(current.value());
	}

}
