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
	 * @throws WalletRefusedException when the key was used for another deposit
	 */
	Deposit deposit(UserName user, Grc amount, String memo, String idempotencyKey);

	/** Credits every deposit confirmed by {@code now} that is not credited yet. */
	void creditConfirmed(Instant now);

	/**
	 * Sends part of a user's balance to an address outside. The amount and the fee are
	 * taken from the balance first; a withdrawal that cannot be sent is refunded.
	 * @throws WalletRefusedException when this wallet pays nothing out, or the balance
	 * does not cover amount and fee
	 */
	default Withdrawal withdraw(UserName user, String address, Grc amount, String idempotencyKey) {
		throw new WalletRefusedException("This CreditManager uses the local wallet, which pays nothing out");
	}

	/**
	 * A withdrawal and how far it got.
	 *
	 * @param id its id, also the comment of its send on chain
	 * @param user whose balance paid it
	 * @param address where it goes
	 * @param amount what the address receives
	 * @param fee what the user paid for the send
	 * @param state {@code PENDING} (asked, answer not seen yet), {@code SENT} or
	 * {@code FAILED} (refunded)
	 * @param txid the transaction, once sent
	 * @param failure why it failed
	 * @param requestedAt when it was asked for
	 * @param created whether this call made it (false: made before under the key)
	 */
	record Withdrawal(String id, UserName user, String address, Grc amount, Grc fee, String state, String txid,
			String failure, Instant requestedAt, boolean created) {
	}

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
