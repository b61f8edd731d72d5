package org.gridfaas.common.api;

import java.math.BigDecimal;
import java.time.Instant;

import org.gridfaas.common.cpu.CpuShares;
import org.gridfaas.common.naming.ContainerName;
import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.common.naming.UserName;

/**
 * One reading of a container's cumulative CPU counter, as ContainerManager serves it at
 * {@code GET /api/v1/usage?after={cursor}}. Counters are cumulative per {@code instance}
 * (one start of a container), so the difference of two readings of the same instance is
 * exactly the CPU used between them, however far apart the polls are. A new instance
 * starts a new series at zero; the {@code last} reading of an instance is kept until
 * read.
 *
 * @param seq position in ContainerManager's usage log, strictly increasing; the cursor
 * @param container the container the reading is of
 * @param instance identifies one start of the container; unique across restarts
 * @param user the owner the usage is billed to
 * @param function the function the container runs
 * @param cpuSeconds CPU time used by the instance since it started (user + system), in
 * seconds with nanosecond precision
 * @param allocatedShares the CPU limit in force when the reading was taken
 * @param at when the reading was taken
 * @param last whether this is the final reading of a stopped instance
 */
public record UsageRecord(long seq, ContainerName container, String instance, UserName user, FunctionName function,
		BigDecimal cpuSeconds, CpuShares allocatedShares, Instant at, boolean last) {

	/** The key that makes ingestion idempotent: one instance reports each seq once. */
	public String idempotencyKey() {
		return this.instance + "#" + this.seq;
	}

}
