package org.gridfaas.credit.ledger;

import org.gridfaas.common.StateConflictException;

/** An idempotency key already used for a different transfer (409 on the API). */
public class LedgerConflictException extends StateConflictException {

	public LedgerConflictException(String reason) {
		super(reason);
	}

}
