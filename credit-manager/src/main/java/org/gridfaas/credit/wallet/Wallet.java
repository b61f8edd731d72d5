package org.gridfaas.credit.wallet;

import java.time.Instant;
import java.util.Optional;

import org.gridfaas.common.money.Grc;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.credit.ledger.Transfer;

/**
 * Where users' funds come from. Balances live in the ledger; the wallet only brings
 * deposits in once they are confirmed. The local wallet (the embedded default) takes
 * deposits from the admin through the API; the Gridcoin adapter finds them on chain.
 */
public interface Wallet {

	/**
	 * Takes a deposit for a user; it is credited once confirmed. The same key with the
	 * same deposit is the same deposit.
	 * @throws org.gridfaas.common.web.ConflictException when the key was used for another
	 * deposit
	 */
	Deposit deposit(UserName user, Grc amount, String memo, String idempotencyKey);

	/** Credits every deposit confirmed by {@code now} that is not credited yet. */
	void creditConfirmed(Instant now);

	/**
	 * The address a user sends funds to, made on first use; empty for a wallet without
	 * addresses (the local one).
	 */
	default Optional<String> depositAddress(UserName user) {
		return Optional.empty();
	}

	/**
	 * A deposit and how far it got.
	 *
	 * @param key the idempotency key
	 * @param user whom it credits
	 * @param amount how much
	 * @param memo a note
	 * @param requestedAt when it was taken
	 * @param confirmAt when it counts as confirmed
	 * @param transfer the ledger transfer, once credited
	 * @param created whether this call took it (false: taken before under the key)
	 */
	record Deposit(String key, UserName user, Grc amount, String memo, Instant requestedAt, Instant confirmAt,
			Optional<Transfer> transfer, boolean created) {

		public boolean credited() {
			return this.transfer.isPresent();
		}

	}

}
