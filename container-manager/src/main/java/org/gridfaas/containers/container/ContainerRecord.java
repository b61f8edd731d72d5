package org.gridfaas.containers.container;

import java.time.Instant;

import org.gridfaas.common.naming.ContainerName;
import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.common.naming.UserName;

/**
 * What must outlive a ContainerManager restart about a running container, kept at
 * {@code $GRIDFAAS_HOME/containers/<name>.json}: enough to bill its final reading to the
 * right owner and instance, and to keep a restriction in force.
 *
 * @param name the container
 * @param function the function it runs
 * @param owner who pays for it
 * @param instance this start of the container
 * @param startedAt when it started
 * @param restricted whether CreditManager has pinned it at the CPU floor
 */
record ContainerRecord(ContainerName name, FunctionName function, UserName owner, String instance, Instant startedAt,
		boolean restricted) {
}
