package org.gridfaas.credit.metering;

import java.math.BigDecimal;
import java.math.RoundingMode;

import org.gridfaas.common.money.Grc;

/**
 * A user's cumulative metering: what is owed follows from what was metered, so the part
 * not yet charged is always {@code owed - charged} and no remainder can be lost.
 *
 * @param user the user
 * @param meteredSeconds billable vcore-seconds so far (by the account's billing basis)
 * @param measuredSeconds CPU-seconds measured so far
 * @param charged GRC charged so far
 * @param charges how many charges were posted
 */
public record UserMeter(String user, BigDecimal meteredSeconds, BigDecimal measuredSeconds, Grc charged, long charges) {

	static UserMeter empty(String user) {
		return new UserMeter(user, BigDecimal.ZERO, BigDecimal.ZERO, Grc.ZERO, 0);
	}

	UserMeter plus(BigDecimal metered, BigDecimal measured) {
		return new UserMeter(this.user, this.meteredSeconds.add(metered), this.measuredSeconds.add(measured),
				this.charged, this.charges);
	}

	/** GRC owed for everything metered: truncated toward zero, the rest carried. */
	Grc owed(BigDecimal vcoreSecondsPerGrc) {
		return Grc.truncate(this.meteredSeconds.divide(vcoreSecondsPerGrc, Grc.SCALE + 4, RoundingMode.DOWN));
	}

	/**
	 * The charge to post now: the whole steps of {@code step} owed and not yet charged;
	 * zero when less than a step is due.
	 */
	Grc due(BigDecimal vcoreSecondsPerGrc, Grc step) {
		BigDecimal unpaid = owed(vcoreSecondsPerGrc).minus(this.charged).amount();
		if (unpaid.signum() <= 0) {
			return Grc.ZERO;
		}
		BigDecimal steps = unpaid.divideToIntegralValue(step.amount());
		return Grc.of(steps.multiply(step.amount()).setScale(Grc.SCALE, RoundingMode.UNNECESSARY));
	}

	UserMeter charge(Grc amount) {
		return new UserMeter(this.user, this.meteredSeconds, this.measuredSeconds, this.charged.plus(amount),
				this.charges + 1);
	}

}
