package org.gridfaas.common.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.gridfaas.common.naming.ContainerName;
import org.gridfaas.common.naming.UserName;

/**
 * One instance of a container that has stopped, with its final CPU reading: what an
 * operator (or the experiment runner) looks at after the fact, since a stopped
 * container's cgroup is gone.
 *
 * @param name the container
 * @param function its function
 * @param owner who paid for it
 * @param instance this start of it
 * @param startedAt when it started
 * @param stoppedAt when it stopped
 * @param reason why it stopped (idle, stopped through the API, found gone)
 * @param cpuSeconds CPU the instance used over its life, from its cgroup
 * @param runningTasks the tasks running when it stopped
 * @param restricted whether its CPU was pinned at the floor when it stopped
 */
public record StoppedContainer(ContainerName name, String function, UserName owner, String instance, Instant startedAt,
		Instant stoppedAt, String reason, BigDecimal cpuSeconds, List<String> runningTasks, boolean restricted) {

}
