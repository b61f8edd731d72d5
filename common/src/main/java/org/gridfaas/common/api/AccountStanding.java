package org.gridfaas.common.api;

import java.time.Instant;

import org.gridfaas.common.account.AccountPolicy;
import org.gridfaas.common.account.AccountStatus;
import org.gridfaas.common.account.BillingBasis;
import org.gridfaas.common.money.Grc;
import org.gridfaas.common.naming.UserName;

/**
 * A user's account and standing, as CreditManager serves it at {@code GET
 * /api/v1/accounts/{user}} and ContainerManager reads it before it starts a container or
 * a task.
 *
 * @param user the account owner
 * @param balance the balance: the sum of the account's ledger entries
 * @param status the status the balance puts the account in
 * @param policy what happens while the balance is low
 * @param billingBasis whether used or allocated CPU is billed
 * @param minBalance the low-balance threshold, not negative
 * @param maxDebt the debt limit, not positive
 * @param active whether the account may run anything at all
 * @param mayStartWork whether new containers and tasks may start now: the account is
 * active and its status allows new work under its policy
 * @param asOf when the standing was computed
 */
public record AccountStanding(UserName user, Grc balance, AccountStatus status, AccountPolicy policy,
		BillingBasis billingBasis, Grc minBalance, Grc maxDebt, boolean active, boolean mayStartWork, Instant asOf) {

	/** The standing that a balance gives an account with these settings. */
	public static AccountStanding of(UserName user, Grc balance, AccountPolicy policy, BillingBasis billingBasis,
			Grc minBalance, Grc maxDebt, boolean active, Instant asOf) {
		AccountStatus status = AccountStatus.of(balance, minBalance, maxDebt);
		return new AccountStanding(user, balance, status, policy, billingBasis, minBalance, maxDebt, active,
				active && status.allowsNewWork(policy), asOf);
	}

}
