package org.gridfaas.containers.cgroup;

import org.springframework.util.unit.DataSize;

/**
 * What a container may use besides CPU: its memory (the kernel kills a process of the
 * group when it is exceeded) and how many processes and threads it may have at once.
 *
 * @param memory the memory limit (cgroup v1 {@code memory.limit_in_bytes}, v2
 * {@code memory.max}, where swap is off too)
 * @param pids the most processes and threads at once ({@code pids.max})
 * @param disk the most its tasks' folders may hold together (a tmpfs of this size, where
 * the runtime can mount one)
 */
public record ResourceLimits(DataSize memory, int pids, DataSize disk) {

	public ResourceLimits {
		if (memory.toBytes() < DataSize.ofMegabytes(1).toBytes()) {
			throw new IllegalArgumentException("A memory limit under 1 MB would kill every task: " + memory);
		}
		if (pids < 1) {
			throw new IllegalArgumentException("A container needs at least one process: " + pids);
		}
	}

}
