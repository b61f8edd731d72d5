package org.gridfaas.credit.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.gridfaas.common.InvalidValueException;
import org.gridfaas.common.money.Grc;

/**
 * A transfer to post. Its digest identifies what was asked, so a retry under the same key
 * can be told apart from a different request reusing the key.
 *
 * @param kind why value moves
 * @param idempotencyKey unique per intended transfer, 1 to 200 printable characters
 * @param from the account to debit
 * @param to the account to credit
 * @param amount how much, positive
 * @param memo a note, or {@code null}
 */
public record TransferRequest(TransferKind kind, String idempotencyKey, String from, String to, Grc amount,
		String memo) {

	public TransferRequest {
		if (idempotencyKey == null || idempotencyKey.isEmpty() || idempotencyKey.length() > 200
				|| !idempotencyKey.chars().allMatch((c) -> c > 0x20 && c < 0x7f)) {
			throw new InvalidValueException("idempotency key must be 1 to 200 printable characters without spaces");
		}
		if (!amount.isPositive()) {
			throw new InvalidValueException("amount must be greater than 0");
		}
		if (from.equals(to)) {
			throw new InvalidValueException("a transfer needs two different accounts");
		}
		if (memo != null && memo.length() > 500) {
			throw new InvalidValueException("memo must be at most 500 characters");
		}
	}

	/** SHA-256 of everything but the key. */
	String digest() {
		String canonical = String.join("\u0000", this.kind.name(), this.from, this.to,
				this.amount.amount().toPlainString(), (this.memo != null) ? this.memo : "");
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
