package org.gridfaas.credit.metering;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.gridfaas.common.money.Grc;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How CPU use becomes charges ({@code gridfaas.metering.*}).
 *
 * @param enabled whether the billing cycle runs
 * @param period how often usage is read, charged and enforced
 * @param containerManagers ContainerManagers to read usage from and enforce through
 * besides those that register by heartbeat: an optional seed list
 * @param silentAfterPeriods billing periods without a heartbeat after which a registered
 * worker counts as silent (health, metrics) and is left out until it beats again
 * @param containerManagerTimeout how long a call to one waits to connect and for its
 * answer, so that one that hangs delays a cycle but never stops it
 * @param pageSize readings asked for per request
 * @param vcoreSecondsPerGrc the price: CPU-seconds (1 core for 1 s) one GRC buys
 * @param minimumCharge charges post in whole steps of this amount; the rest waits
 * @param noiseThreshold billable CPU-seconds of one container below which they are
 * carried to its next reading rather than billed now (never dropped)
 */
@Validated
@ConfigurationProperties("gridfaas.metering")
public record MeteringProperties(@DefaultValue("true") boolean enabled, @DefaultValue("10s") @NotNull Duration period,
		@DefaultValue( {
		}) List<@NotNull URI> containerManagers, @DefaultValue("3") @Min(1) int silentAfterPeriods,
		@DefaultValue("10s") @NotNull Duration containerManagerTimeout,
		@DefaultValue("1000") @Min(1) @Max(10000) int pageSize,
		@DefaultValue("600") @NotNull @DecimalMin(value = "0", inclusive = false) BigDecimal vcoreSecondsPerGrc,
		@DefaultValue("0.05") @NotNull Grc minimumCharge, @DefaultValue("1s") @NotNull Duration noiseThreshold){

	public MeteringProperties {
		if (period.isNegative() || period.isZero()) {
			throw new IllegalArgumentException("gridfaas.metering.period must be positive");
		}
		if (containerManagerTimeout.isNegative() || containerManagerTimeout.isZero()) {
			throw new IllegalArgumentException("gridfaas.metering.container-manager-timeout must be positive");
		}
		if (!minimumCharge.isPositive()) {
			throw new IllegalArgumentException("gridfaas.metering.minimum-charge must be greater than 0");
		}
		if (noiseThreshold.isNegative()) {
			throw new IllegalArgumentException("gridfaas.metering.noise-threshold must not be negative");
		}
	}

}
