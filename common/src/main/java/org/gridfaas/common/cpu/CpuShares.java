package org.gridfaas.common.cpu;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import org.gridfaas.common.InvalidValueException;

/**
 * CPU in shares, the unit ServerlessContainers and the prototype use: 100 shares = 1
 * core. A limit of {@code n} shares lets a container run {@code n/100} cores' worth of
 * time in every CFS period.
 *
 * @param value whole shares, 0 or more
 */
public record CpuShares(int value) implements Comparable<CpuShares> {

	/** Shares in one core. */
	public static final int PER_CORE = 100;

	/** 4096 cores; far beyond any host, so anything larger is a mistake. */
	public static final int MAX = 4096 * PER_CORE;

	public static final CpuShares ZERO = new CpuShares(0);

	public CpuShares {
		if (value < 0) {
			throw new InvalidValueException("CPU shares must not be negative");
		}
		if (value > MAX) {
			throw new InvalidValueException("CPU shares must be at most " + MAX);
		}
	}

	@JsonCreator
	public static CpuShares of(int value) {
		return new CpuShares(value);
	}

	/** Whole cores, e.g. {@code ofCores(2)} = 200 shares. */
	public static CpuShares ofCores(int cores) {
		return new CpuShares(Math.multiplyExact(cores, PER_CORE));
	}

	/** Cores as an exact decimal: 250 shares = 2.50 cores. */
	public BigDecimal cores() {
		return BigDecimal.valueOf(this.value).divide(BigDecimal.valueOf(PER_CORE), 2, RoundingMode.UNNECESSARY);
	}

	/**
	 * The CFS quota, in microseconds per {@code period}, that enforces this limit: 1 core
	 * is one whole period of CPU time per period. With the usual 100 ms period, 1 share
	 * is 1000 us ({@code cpu.cfs_quota_us = 1000 x shares}).
	 */
	public long cfsQuotaMicros(Duration period) {
		return Math.multiplyExact(period.toNanos() / 1000, (long) this.value) / PER_CORE;
	}

	public CpuShares plus(int shares) {
		return new CpuShares(this.value + shares);
	}

	public CpuShares min(CpuShares other) {
		return (this.value <= other.value) ? this : other;
	}

	public CpuShares max(CpuShares other) {
		return (this.value >= other.value) ? this : other;
	}

	@JsonValue
	@Override
	public int value() {
		return this.value;
	}

	@Override
	public int compareTo(CpuShares other) {
		return Integer.compare(this.value, other.value);
	}

	@Override
	public String toString() {
		return this.value + " shares";
	}

}
