package org.gridfaas.credit.account;

import java.time.Instant;

import org.gridfaas.common.account.AccountPolicy;
import org.gridfaas.common.account.BillingBasis;
import org.gridfaas.common.api.AccountStanding;
import org.gridfaas.common.money.Grc;
import org.gridfaas.common.naming.UserName;

/**
 * A user's account settings; the balance lives in the ledger.
 *
 * @param user the owner
 * @param policy what happens while the balance is low
 * @param minBalance the low-balance threshold, not negative
 * @param maxDebt the debt limit, not positive
 * @param billingBasis whether used or allocated CPU is billed
 * @param active whether the account may run anything at all
 * @param createdAt when the account was opened
 * @param updatedAt when its settings last changed
 */
public record Account(UserName user, AccountPolicy policy, Grc minBalance, Grc maxDebt, BillingBasis billingBasis,
		boolean active, Instant createdAt, Instant updatedAt) {

	public Account {
		if (minBalance.isNegative()) {
			throw new IllegalArgumentException("minBalance must not be negative");
		}
		if (maxDebt.isPositive()) {
			throw new IllegalArgumentException("maxDebt must not be greater than 0");
		}
	}

	/** The standing the given balance puts this account in. */
	public AccountStanding standing(Grc balance, Instant asOf) {
		return AccountStanding.of(this.user, balance, this.policy, this.billingBasis, this.minBalance, this.maxDebt,
				this.active, asOf);
	}

}
