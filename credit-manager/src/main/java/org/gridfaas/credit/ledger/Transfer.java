package org.gridfaas.credit.ledger;

import java.time.Instant;

import org.gridfaas.common.money.Grc;

/**
 * One movement of value, recorded once under its idempotency key.
 *
 * @param id the ledger's number for it
 * @param kind why value moved
 * @param idempotencyKey the key it was posted under
 * @param from the account debited
 * @param to the account credited
 * @param amount how much, always positive
 * @param memo a note, or {@code null}
 * @param createdAt when it was posted
 */
public record Transfer(long id, TransferKind kind, String idempotencyKey, String from, String to, Grc amount,
		String memo, Instant createdAt) {
}
