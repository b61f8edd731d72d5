package org.gridfaas.containers.function;

import java.time.Duration;

import org.gridfaas.common.cpu.CpuShares;

/**
 * Function settings as JSON, in the API and in {@code utils/function.json}: times in
 * whole seconds, CPU in shares. Every field is optional; what is left out comes from the
 * function's current settings or the defaults.
 *
 * @param idleTimeoutSeconds idle seconds before the container stops
 * @param cpuMax most CPU, shares
 * @param cpuMin least CPU the scaler keeps, shares
 * @param cpuBoundary scaler step, shares
 * @param maxConcurrentTasks tasks at once
 * @param maxAttempts failed attempts before dead-lettering
 * @param taskTimeoutSeconds seconds one attempt may run
 */
public record SettingsDocument(Long idleTimeoutSeconds, Integer cpuMax, Integer cpuMin, Integer cpuBoundary,
		Integer maxConcurrentTasks, Integer maxAttempts, Long taskTimeoutSeconds) {

	/** Every field of the given settings. */
	public static SettingsDocument of(FunctionSettings settings) {
		return new SettingsDocument(settings.idleTimeout().toSeconds(), settings.cpuMax().value(),
				settings.cpuMin().value(), settings.cpuBoundary().value(), settings.maxConcurrentTasks(),
				settings.maxAttempts(), settings.taskTimeout().toSeconds());
	}

	/** These fields over {@code base}. */
	public FunctionSettings over(FunctionSettings base) {
		return new FunctionSettings(seconds(this.idleTimeoutSeconds, base.idleTimeout()),
				shares(this.cpuMax, base.cpuMax()), shares(this.cpuMin, base.cpuMin()),
				shares(this.cpuBoundary, base.cpuBoundary()),
				(this.maxConcurrentTasks != null) ? this.maxConcurrentTasks : base.maxConcurrentTasks(),
				(this.maxAttempts != null) ? this.maxAttempts : base.maxAttempts(),
				seconds(this.taskTimeoutSeconds, base.taskTimeout()));
	}

	private static Duration seconds(Long value, Duration fallback) {
		return (value != null) ? Duration.ofSeconds(value) : fallback;
	}

	private static CpuShares shares(Integer value, CpuShares fallback) {
		return (value != null) ? CpuShares.of(value) : fallback;
	}

}
