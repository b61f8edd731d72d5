package org.gridfaas.common.api;

import java.time.Instant;

import org.gridfaas.common.account.AccountPolicy;
import org.gridfaas.common.account.AccountStatus;
import org.gridfaas.common.money.Grc;
import org.gridfaas.common.naming.UserName;

/**
 * A user's standing, as CreditManager serves it at {@code GET /api/v1/accounts/{user}} and
 * ContainerManager reads it before it starts a container or a task.
 *
 * @param user the account owner
 * @param balance the balance: the sum of the account's ledger entries
 * @param status the status the balance puts the account in
 * @param policy what happens while the balance is low
 * @param minBalance the low-balance threshold
 * @param maxDebt the debt limit, zero or negative
 * @param mayStartWork whether new containers and tasks may start now
 * @param asOf when the standing was computed
 */
public record AccountStanding(UserName user, Grc balance, AccountStatus status, AccountPolicy policy, Grc minBalance,
		Grc maxDebt, boolean mayStartWork, Instant asOf) {

	/** The standing a balance and an account's settings give. */
	public static AccountStanding of(UserName user, Grc balance, AccountPolicy policy, Grc minBalance, Grc maxDebt,
			Instant asOf) {
		AccountStatus status = AccountStatus.of(balance, minBalance, maxDebt);
		return new AccountStanding(user, balance, status, policy, minBalance, maxDebt, status.allowsNewWork(policy),
				asOf);
	}

}
