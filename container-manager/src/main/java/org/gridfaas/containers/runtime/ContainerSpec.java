package org.gridfaas.containers.runtime;

import java.nio.file.Path;

import org.gridfaas.common.cpu.CpuShares;
import org.gridfaas.common.naming.ContainerName;
import org.gridfaas.common.naming.FunctionName;

/**
 * What a container is started with.
 *
 * @param name the container
 * @param function the function it runs
 * @param image the function's image ({@code .sif}); unused by the local runtime
 * @param staging the function's read-only staging data, seen by tasks at {@code /staging}
 * (Apptainer) or through {@code GRIDFAAS_STAGING} (local)
 * @param workFolder where the container's tasks keep their files
 * @param initialLimit the CPU limit it starts with
 */
public record ContainerSpec(ContainerName name, FunctionName function, Path image, Path staging, Path workFolder,
		CpuShares initialLimit) {
}
