package org.gridfaas.containers.function;

import java.time.Duration;

import org.gridfaas.common.cpu.CpuShares;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The settings a function gets for what it leaves out; the prototype's values.
 *
 * @param idleTimeout 60 s, as the prototype's {@code timeout.txt} default
 * @param cpuMax 400 shares, as the seed experiments
 * @param cpuMin 0 shares
 * @param cpuBoundary 25 shares, as the seed experiments (floor 50 shares)
 * @param maxConcurrentTasks 1, as the prototype
 * @param maxAttempts 3
 * @param taskTimeout 1 hour
 * @param maxTaskSize the largest task object that is run; larger ones are dead-lettered
 * @param memoryMax 512 MB
 * @param pidsMax 256 processes and threads
 * @param diskMax 1 GB
 * @param maxReplicas 1: one worker at a time runs a function, as the prototype
 */
@ConfigurationProperties("gridfaas.functions.defaults")
public record FunctionDefaults(@DefaultValue("60s") Duration idleTimeout, @DefaultValue("400") int cpuMax,
		@DefaultValue("0") int cpuMin, @DefaultValue("25") int cpuBoundary, @DefaultValue("1") int maxConcurrentTasks,
		@DefaultValue("3") int maxAttempts, @DefaultValue("1h") Duration taskTimeout,
		@DefaultValue("64MB") DataSize maxTaskSize, @DefaultValue("512MB") DataSize memoryMax,
		@DefaultValue("256") int pidsMax, @DefaultValue("1GB") DataSize diskMax, @DefaultValue("1") int maxReplicas) {

	/** The default settings as a value. */
	public FunctionSettings settings() {
		return new FunctionSettings(this.idleTimeout, CpuShares.of(this.cpuMax), CpuShares.of(this.cpuMin),
				CpuShares.of(this.cpuBoundary), this.maxConcurrentTasks, this.maxAttempts, this.taskTimeout,
				this.memoryMax, this.pidsMax, this.diskMax, this.maxReplicas);
	}

}
