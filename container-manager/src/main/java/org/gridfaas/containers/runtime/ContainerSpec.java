package org.gridfaas.containers.runtime;

import java.nio.file.Path;

import org.gridfaas.common.cpu.CpuShares;
import org.gridfaas.common.naming.ContainerName;
import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.containers.cgroup.ResourceLimits;

/**
 * What a container is started with.
 *
 * @param name the container
 * @param function the function it runs
 * @param owner the function's owner, whose host identity its commands run under
 * @param image the function's image ({@code .sif}) on this node, checked; {@code null}
 * for a function without one, which the local runtime runs on the host's system folders
 * @param staging the function's read-only staging data, seen by tasks at
 * {@link ContainerRuntime#STAGING}
 * @param workFolder where the container's tasks keep their files
 * @param initialLimit the CPU limit it starts with
 * @param limits its memory and process limits
 * @param network the network its commands get
 */
public record ContainerSpec(ContainerName name, FunctionName function, UserName owner, Path image, Path staging,
		Path workFolder, CpuShares initialLimit, ResourceLimits limits, NetworkAccess network) {
}
