package org.gridfaas.containers.scaling;

import org.gridfaas.common.cpu.CpuShares;

/**
 * A container's bounds: the scaler keeps {@code current <= max} and
 * {@code current - 2 x boundary >= min}, so the lowest limit, the floor, is
 * {@code min + 2 x boundary}.
 *
 * @param max the most the container may get
 * @param min the least the scaler keeps
 * @param boundary the step the thresholds are measured in
 * @param restricted what a restricted container is pinned at: the provider's policy, not
 * the function's
 */
public record Limits(CpuShares max, CpuShares min, CpuShares boundary, CpuShares restricted) {

	/** Limits whose restricted CPU is the scaler's floor. */
	public Limits(CpuShares max, CpuShares min, CpuShares boundary) {
		this(max, min, boundary, min.plus(2 * boundary.value()));
	}

	public CpuShares floor() {
		return this.min.plus(2 * this.boundary.value());
	}

	/** A limit forced into {@code [floor, max]}. */
	public CpuShares clamp(int shares) {
		return CpuShares.of(Math.max(floor().value(), Math.min(this.max.value(), shares)));
	}

}
