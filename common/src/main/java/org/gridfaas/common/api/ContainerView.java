package org.gridfaas.common.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;

import org.gridfaas.common.cpu.CpuShares;
import org.gridfaas.common.naming.ContainerName;

/**
 * A running container as ContainerManager shows it: to CreditManager, which enforces its
 * owner's standing on it, and to operators.
 *
 * @param name the container
 * @param function its function
 * @param owner who pays for it
 * @param instance this start of it
 * @param startedAt when it started
 * @param runningTasks the tasks running in it
 * @param restricted whether its CPU is pinned at the floor
 * @param limit the CPU limit in force
 * @param cpuSeconds CPU used since it started
 */
public record ContainerView(ContainerName name, String function, String owner, String instance, Instant startedAt,
		Set<String> runningTasks, boolean restricted, CpuShares limit, BigDecimal cpuSeconds) {

	public ContainerView {
		runningTasks = Set.copyOf(runningTasks);
	}

}
