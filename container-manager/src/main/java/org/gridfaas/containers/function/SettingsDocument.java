package org.gridfaas.containers.function;

import java.time.Duration;

import org.gridfaas.common.cpu.CpuShares;
import org.springframework.util.unit.DataSize;

/**
 * Function settings as JSON, in the API and in {@code utils/function.json}: times in
 * whole seconds, CPU in shares, memory in megabytes. Every field is optional; what is
 * left out comes from the function's current settings or the defaults.
 *
 * @param idleTimeoutSeconds idle seconds before the container stops
 * @param cpuMax most CPU, shares
 * @param cpuMin least CPU the scaler keeps, shares
 * @param cpuBoundary scaler step, shares
 * @param maxConcurrentTasks tasks at once
 * @param maxAttempts failed attempts before dead-lettering
 * @param taskTimeoutSeconds seconds one attempt may run
 * @param memoryMaxMb the container's memory, MB
 * @param pidsMax the container's most processes and threads
 * @param diskMaxMb what the container's task folders may hold together, MB
 * @param maxReplicas on how many workers at once
 */
public record SettingsDocument(Long idleTimeoutSeconds, Integer cpuMax, Integer cpuMin, Integer cpuBoundary,
		Integer maxConcurrentTasks, Integer maxAttempts, Long taskTimeoutSeconds, Long memoryMaxMb, Integer pidsMax,
		Long diskMaxMb, Integer maxReplicas) {

	/** Every field of the given settings. */
	public static SettingsDocument of(FunctionSettings settings) {
		return new SettingsDocument(settings.idleTimeout().toSeconds(), settings.cpuMax().value(),
				settings.cpuMin().value(), settings.cpuBoundary().value(), settings.maxConcurrentTasks(),
				settings.maxAttempts(), settings.taskTimeout().toSeconds(), settings.memoryMax().toMegabytes(),
				settings.pidsMax(), settings.diskMax().toMegabytes(), settings.maxReplicas());
	}

	/** These fields over {@code base}. */
	public FunctionSettings over(FunctionSettings base) {
		return new FunctionSettings(seconds(this.idleTimeoutSeconds, base.idleTimeout()),
				shares(this.cpuMax, base.cpuMax()), shares(this.cpuMin, base.cpuMin()),
				shares(this.cpuBoundary, base.cpuBoundary()),
				(this.maxConcurrentTasks != null) ? this.maxConcurrentTasks : base.maxConcurrentTasks(),
				(this.maxAttempts != null) ? this.maxAttempts : base.maxAttempts(),
				seconds(this.taskTimeoutSeconds, base.taskTimeout()), megabytes(this.memoryMaxMb, base.memoryMax()),
				(this.pidsMax != null) ? this.pidsMax : base.pidsMax(), megabytes(this.diskMaxMb, base.diskMax()),
				(this.maxReplicas != null) ? this.maxReplicas : base.maxReplicas());
	}

	/**
	 * Any number of seconds is a {@link Duration}; {@link FunctionSettings} checks the
	 * range.
	 */
	private static Duration seconds(Long value, Duration fallback) {
		return (value != null) ? Duration.ofSeconds(value) : fallback;
	}

	/**
	 * Megabytes as a size. Beyond what a {@link DataSize} holds the value is cut to it,
	 * so the conversion never overflows: {@link FunctionSettings} refuses it for its
	 * range.
	 */
	private static DataSize megabytes(Long value, DataSize fallback) {
		if (value == null) {
			return fallback;
		}
		return DataSize.ofMegabytes(Math.max(-1, Math.min(value, Long.MAX_VALUE / DataSize.ofMegabytes(1).toBytes())));
	}

	private static CpuShares shares(Integer value, CpuShares fallback) {
		return (value != null) ? CpuShares.of(value) : fallback;
	}

}
