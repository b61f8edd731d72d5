package org.gridfaas.credit.wallet;

import org.gridfaas.common.StateConflictException;

/**
 * The wallet refuses a request for what it holds or is: a balance that does not cover a
 * withdrawal, a key used for another one, a wallet that pays nothing out (409 on the
 * API).
 */
public class WalletRefusedException extends StateConflictException {

	public WalletRefusedException(String reason) {
		super(reason);
	}

}
