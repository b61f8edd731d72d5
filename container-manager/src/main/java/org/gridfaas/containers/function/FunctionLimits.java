package org.gridfaas.containers.function;

import java.time.Duration;

import org.gridfaas.common.InvalidValueException;
import org.gridfaas.common.cpu.CpuShares;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The provider's maxima: what no function's settings may exceed, and the CPU a restricted
 * container is pinned at, which is platform policy and not a function setting.
 *
 * @param idleTimeout the longest idle timeout
 * @param taskTimeout the longest task timeout
 * @param cpuMax the most CPU one container may get, shares
 * @param memoryMax the most memory one container may get
 * @param pidsMax the most processes and threads one container may have
 * @param diskMax the most one container's task folders may hold
 * @param restrictedCpu the CPU a container of an owner in debt is pinned at, shares (at
 * most the function's {@code cpuMax})
 */
@ConfigurationProperties("gridfaas.functions.limits")
public record FunctionLimits(@DefaultValue("1d") Duration idleTimeout, @DefaultValue("1d") Duration taskTimeout,
		@DefaultValue("1600") int cpuMax, @DefaultValue("8GB") DataSize memoryMax, @DefaultValue("4096") int pidsMax,
		@DefaultValue("16GB") DataSize diskMax, @DefaultValue("50") int restrictedCpu) {

	public FunctionLimits {
		if (idleTimeout.compareTo(FunctionSettings.LONGEST) > 0
				|| taskTimeout.compareTo(FunctionSettings.LONGEST) > 0) {
			throw new IllegalArgumentException("gridfaas.functions.limits: timeouts are at most 7 days");
		}
		if (restrictedCpu < 1 || restrictedCpu > cpuMax) {
			throw new IllegalArgumentException(
					"gridfaas.functions.limits.restricted-cpu must be between 1 and cpu-max");
		}
	}

	/** Refuses settings over a maximum, naming the first one. */
	public FunctionSettings check(FunctionSettings settings) {
		if (settings.idleTimeout().compareTo(this.idleTimeout) > 0) {
			throw over("idleTimeoutSeconds", this.idleTimeout.toSeconds());
		}
		if (settings.taskTimeout().compareTo(this.taskTimeout) > 0) {
			throw over("taskTimeoutSeconds", this.taskTimeout.toSeconds());
		}
		if (settings.cpuMax().value() > this.cpuMax) {
			throw over("cpuMax", this.cpuMax);
		}
		if (settings.memoryMax().toBytes() > this.memoryMax.toBytes()) {
			throw over("memoryMaxMb", this.memoryMax.toMegabytes());
		}
		if (settings.pidsMax() > this.pidsMax) {
			throw over("pidsMax", this.pidsMax);
		}
		if (settings.diskMax().toBytes() > this.diskMax.toBytes()) {
			throw over("diskMaxMb", this.diskMax.toMegabytes());
		}
		return settings;
	}

	/** The CPU a restricted container of this function is pinned at. */
	public CpuShares restrictedCpu(FunctionSettings settings) {
		return CpuShares.of(Math.min(this.restrictedCpu, settings.cpuMax().value()));
	}

	private static InvalidValueException over(String setting, long maximum) {
		return new InvalidValueException(
				setting + " must not be greater than " + maximum + " (the provider's maximum)");
	}

}
