package org.gridfaas.common.account;

import org.gridfaas.common.money.Grc;

/**
 * A user's standing, derived from the balance alone. The thresholds are the prototype's
 * (reference-behaviour.md §1); {@code maxDebt <= 0 <= minBalance} always holds.
 */
public enum AccountStatus {

	/** balance > min_balance: everything runs. */
	NORMAL,

	/** 0 < balance <= min_balance: the policy decides whether new work starts. */
	LOW,

	/** max_debt < balance <= 0: running tasks continue with CPU pinned at the floor. */
	IN_DEBT,

	/**
	 * balance <= max_debt: the user's containers are stopped and running tasks requeued.
	 */
	OVER_DEBT_LIMIT;

	/**
	 * Classifies a balance.
	 * @param balance the current balance
	 * @param minBalance the low-balance threshold, not negative
	 * @param maxDebt the debt limit, not positive
	 * @return the status
	 */
	public static AccountStatus of(Grc balance, Grc minBalance, Grc maxDebt) {
		if (balance.compareTo(maxDebt) <= 0) {
			return OVER_DEBT_LIMIT;
		}
		if (!balance.isPositive()) {
			return IN_DEBT;
		}
		if (balance.compareTo(minBalance) <= 0) {
			return LOW;
		}
		return NORMAL;
	}

	/** Whether new containers and tasks may start for a user in this status. */
	public boolean allowsNewWork(AccountPolicy policy) {
		return this == NORMAL || (this == LOW && policy == AccountPolicy.GREEDY);
	}

	/** Whether the user's running containers must be held at the CPU floor. */
	public boolean restrictsCpu() {
		return this == IN_DEBT || this == OVER_DEBT_LIMIT;
	}

}
