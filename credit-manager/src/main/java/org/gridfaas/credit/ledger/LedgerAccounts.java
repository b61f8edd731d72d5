package org.gridfaas.credit.ledger;

import org.gridfaas.common.naming.UserName;

/**
 * Names of ledger accounts. A user's ledger account is the user name; system accounts
 * start with '@', which no user name may, so the two can never collide.
 */
public final class LedgerAccounts {

	/** Earns every usage charge: the provider's revenue. */
	public static final String PROVIDER = "@provider";

	/** The world outside the ledger: deposits come from it and withdrawals go to it. */
	public static final String WALLET = "@wallet";

	private LedgerAccounts() {
	}

	public static String of(UserName user) {
		return user.value();
	}

}
