package org.gridfaas.credit.wallet;

/**
 * The wallet's backing system failed: a node that is down, slow, refuses the credentials
 * or refuses a call. Billing reports it and goes on; the API answers 503 where a request
 * needed the wallet.
 */
public class WalletUnavailableException extends RuntimeException {

	protected WalletUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
