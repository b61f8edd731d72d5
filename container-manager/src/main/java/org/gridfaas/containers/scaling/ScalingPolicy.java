package org.gridfaas.containers.scaling;

import java.time.Instant;

import org.gridfaas.common.cpu.CpuShares;

/**
 * Decides a container's next CPU limit from what the last window measured. A policy keeps
 * its own state per container (events, counters); one instance serves one container.
 */
public interface ScalingPolicy {

	/**
	 * The limit to apply after this window; the current one when nothing changes.
	 * @param current the limit in force
	 * @param window what the last window measured
	 * @param limits the container's bounds
	 * @param now when the window ended
	 */
	CpuShares next(CpuShares current, Window window, Limits limits, Instant now);

}
