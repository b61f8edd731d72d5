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

	/** The longest idempotency key the ledger keeps. */
	public static final int MAX_KEY_LENGTH = 200;

	public TransferRequest {
		requireValidKey("idempotency key", idempotencyKey, MAX_KEY_LENGTH);
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

	/**
	 * Refuses a key the ledger could not keep: one rule for the API's
	 * {@code Idempotency-Key} headers and the ledger, checked before anything is written.
	 * @param name what the key is called in the error
	 * @param maxLength the most characters: less than {@link #MAX_KEY_LENGTH} where a
	 * prefix is added to it
	 */
	public static void requireValidKey(String name, String key, int maxLength) {
		if (key == null || key.isEmpty() || key.length() > maxLength
				|| !key.chars().allMatch((c) -> c > 0x20 && c < 0x7f)) {
			throw new InvalidValueException(
					name + " must be 1 to " + maxLength + " printable ASCII characters without spaces");
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
