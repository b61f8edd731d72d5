package org.gridfaas.credit.account;

import java.time.Instant;

import org.gridfaas.common.account.AccountPolicy;
import org.gridfaas.common.account.BillingBasis;
import org.gridfaas.common.money.Grc;
import org.gridfaas.common.money.GrcSign;
import org.gridfaas.common.money.GrcSign.Sign;
import org.gridfaas.common.naming.UserName;

/**
 * The body of {@code PUT /api/v1/accounts/{user}}. Every field is optional: a new account
 * takes the configured defaults for what is left out, an existing one keeps its values.
 *
 * @param policy greedy or conservative
 * @param minBalance the low-balance threshold, not negative
 * @param maxDebt the debt limit, not positive
 * @param billingBasis used or allocated
 * @param active whether the account may run anything
 */
public record AccountSettings(AccountPolicy policy, @GrcSign(Sign.NOT_NEGATIVE) Grc minBalance,
		@GrcSign(Sign.NOT_POSITIVE) Grc maxDebt, BillingBasis billingBasis, Boolean active) {

	/** A new account with these settings, defaults filling the gaps. */
	Account create(UserName user, AccountDefaults defaults, Instant now) {
		return new Account(user, or(this.policy, defaults.policy()), or(this.minBalance, defaults.minBalance()),
				or(this.maxDebt, defaults.maxDebt()), or(this.billingBasis, defaults.billingBasis()),
				or(this.active, true), now, now);
	}

	/** The existing account with these settings applied. */
	Account applyTo(Account current, Instant now) {
		return new Account(current.user(), or(this.policy, current.policy()), or(this.minBalance, current.minBalance()),
				or(this.maxDebt, current.maxDebt()), or(this.billingBasis, current.billingBasis()),
				or(this.active, current.active()), current.createdAt(), now);
	}

	private static <T> T or(T value, T fallback) {
		return (value != null) ? value : fallback;
	}

}
