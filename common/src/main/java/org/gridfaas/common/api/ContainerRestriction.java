package org.gridfaas.common.api;

import org.gridfaas.common.cpu.CpuShares;
import org.gridfaas.common.naming.ContainerName;

/**
 * The answer to {@code PUT} and {@code DELETE /api/v1/containers/{name}/restriction}:
 * while restricted, scaling is off for the container and its limit is pinned at the
 * floor.
 *
 * @param container the container
 * @param restricted whether the restriction is now in force
 * @param limit the CPU limit in force after the call
 */
public record ContainerRestriction(ContainerName container, boolean restricted, CpuShares limit) {
}
