package org.gridfaas.experiments.run;

import java.math.BigDecimal;
import java.util.List;

/**
 * What the platform showed at one moment of a scenario run. The container's fields are
 * {@code null} while it does not run, so the plots show a gap as the seed's do.
 *
 * @param t seconds since the scenario started (wall clock)
 * @param maxShares the container's CPU maximum, shares
 * @param allocatedShares the CPU limit in force, shares
 * @param usedShares CPU used over about the last second, shares
 * @param restricted whether the container is pinned at its floor
 * @param instance the container's instance
 * @param cpuSeconds the instance's cumulative CPU seconds
 * @param runningTasks the tasks running in the container
 * @param balance the user's balance, GRC
 * @param maxDebt the user's debt limit, GRC
 * @param status the user's account status
 * @param pending tasks pending
 * @param running tasks running
 */
public record Sample(double t, Integer maxShares, Integer allocatedShares, Double usedShares, boolean restricted,
		String instance, BigDecimal cpuSeconds, List<String> runningTasks, BigDecimal balance, BigDecimal maxDebt,
		String status, int pending, int running) {

	public boolean containerRuns() {
		return this.instance != null;
	}

}
