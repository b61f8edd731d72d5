package org.gridfaas.credit.metering;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

import org.gridfaas.common.account.BillingBasis;
import org.gridfaas.common.api.UsageRecord;

/**
 * The last reading of one container instance, and the billable seconds carried under the
 * noise threshold.
 *
 * @param instance one start of a container
 * @param source the ContainerManager it runs on
 * @param container the container's name
 * @param user the owner
 * @param cpuSeconds the cumulative CPU counter at the last reading
 * @param allocatedShares the limit in force at the last reading
 * @param readAt when the last reading was taken
 * @param carriedSeconds billable seconds not yet handed to the user's meter
 * @param ended whether the final reading was read
 */
record InstanceMeter(String instance, String source, String container, String user, BigDecimal cpuSeconds,
		int allocatedShares, Instant readAt, BigDecimal carriedSeconds, boolean ended) {

	private static final BigDecimal SHARES_PER_CORE = BigDecimal.valueOf(100);

	/** An instance before its first reading: its counter starts at zero. */
	static InstanceMeter first(String source, UsageRecord record) {
		return new InstanceMeter(record.instance(), source, record.container().value(), record.user().value(),
				BigDecimal.ZERO, record.allocatedShares().value(), record.at(), BigDecimal.ZERO, false);
	}

	/**
	 * What a reading adds: the CPU used since the last one (a counter that went back was
	 * reset, so all it shows is new), and under the {@code allocated} basis the limit in
	 * force until this reading times the time between them.
	 */
	Reading read(UsageRecord record, BillingBasis basis) {
		BigDecimal used = record.cpuSeconds().subtract(this.cpuSeconds);
		if (used.signum() < 0) {
			used = record.cpuSeconds();
		}
		BigDecimal billable = used;
		if (basis == BillingBasis.ALLOCATED) {
			Duration between = Duration.between(this.readAt, record.at());
			billable = between.isNegative() ? BigDecimal.ZERO
					: BigDecimal.valueOf(this.allocatedShares)
						.multiply(BigDecimal.valueOf(between.toNanos(), 9))
						.divide(SHARES_PER_CORE);
		}
		InstanceMeter next = new InstanceMeter(this.instance, this.source, this.container, this.user,
				record.cpuSeconds(), record.allocatedShares().value(), record.at(), this.carriedSeconds.add(billable),
				record.last());
		return new Reading(next, used);
	}

	/** The carried seconds handed over to the user's meter. */
	InstanceMeter settled() {
		return new InstanceMeter(this.instance, this.source, this.container, this.user, this.cpuSeconds,
				this.allocatedShares, this.readAt, BigDecimal.ZERO, this.ended);
	}

	/**
	 * @param meter the meter after the reading
	 * @param usedSeconds the CPU-seconds the reading measured
	 */
	record Reading(InstanceMeter meter, BigDecimal usedSeconds) {
	}

}
