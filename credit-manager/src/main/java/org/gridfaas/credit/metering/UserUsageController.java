package org.gridfaas.credit.metering;

import java.math.BigDecimal;

import org.gridfaas.common.money.Grc;
import org.gridfaas.common.naming.UserName;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/accounts/{user}/usage}: what a user was metered and charged (the
 * user or the admin).
 */
@RestController
class UserUsageController {

	private final MeterStore store;

	private final MeteringProperties properties;

	UserUsageController(MeterStore store, MeteringProperties properties) {
		this.store = store;
		this.properties = properties;
	}

	@GetMapping("/api/v1/accounts/{user}/usage")
	UserUsage usage(@PathVariable UserName user) {
		UserMeter meter = this.store.user(user.value()).orElseGet(() -> UserMeter.empty(user.value()));
		Grc owed = meter.owed(this.properties.vcoreSecondsPerGrc());
		return new UserUsage(user, meter.measuredSeconds(), meter.meteredSeconds(), owed, meter.charged(),
				owed.minus(meter.charged()), meter.charges(), this.properties.vcoreSecondsPerGrc());
	}

	/**
	 * A user's metering so far.
	 *
	 * @param user the user
	 * @param measuredCpuSeconds CPU-seconds measured in the user's containers
	 * @param billedSeconds vcore-seconds billed (used or allocated, by the billing basis)
	 * @param owed GRC owed for them
	 * @param charged GRC charged so far
	 * @param pending owed but not yet charged: less than one minimum charge
	 * @param charges charges posted
	 * @param vcoreSecondsPerGrc the price
	 */
	record UserUsage(UserName user, BigDecimal measuredCpuSeconds, BigDecimal billedSeconds, Grc owed, Grc charged,
			Grc pending, long charges, BigDecimal vcoreSecondsPerGrc) {
	}

}
