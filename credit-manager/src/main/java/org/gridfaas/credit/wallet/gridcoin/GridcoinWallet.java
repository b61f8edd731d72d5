package org.gridfaas.credit.wallet.gridcoin;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.gridfaas.common.InvalidValueException;
import org.gridfaas.common.money.Grc;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.credit.ledger.Ledger;
import org.gridfaas.credit.ledger.LedgerAccounts;
import org.gridfaas.credit.ledger.TransferKind;
import org.gridfaas.credit.ledger.TransferRequest;
import org.gridfaas.credit.wallet.Wallet;
import org.gridfaas.credit.wallet.WalletRefusedException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Users pay in Gridcoin: each user has a deposit address on the node (labelled
 * {@code gridfaas:<user>}), and GRC received there is credited to the user's ledger
 * balance once it is {@code confirmations} deep. Balances live in the ledger; the node is
 * used for addresses and deposits only, never for its deprecated accounts.
 *
 * <p>
 * Each pass ({@link ChainDeposits}) asks {@code listsinceblock <cursor> <confirmations>}
 * and credits, in one transaction with the new cursor, every receive to a known address
 * that is deep enough. A credit is keyed by txid and output ({@code vout}), or, where the
 * node names no output as Gridcoin does, by txid and address with the transaction's
 * outputs there summed; so a transaction listed again (the node lists everything after an
 * unknown cursor, e.g. after a reorg) is credited once. Credited deposits are re-checked
 * for {@code recheck-window}; one that turns conflicted ({@code confirmations = -1}) or
 * vanishes is reversed.
 *
 * <p>
 * A withdrawal reserves amount and fee in the ledger before {@code sendtoaddress}, and
 * records the txid after; if the service dies in between, the next pass finds the send by
 * its comment and never sends twice.
 */
class GridcoinWallet implements Wallet {

	private static final Logger log = LoggerFactory.getLogger(GridcoinWallet.class);

	static final String LABEL_PREFIX = "gridfaas:";

	private static final String COMMENT_PREFIX = "gridfaas-withdrawal:";

	private final GridcoinRpc rpc;

	private final ChainStore store;

	private final WithdrawalStore withdrawals;

	private final JdbcClient jdbc;

	private final Ledger ledger;

	private final TransactionTemplate transactions;

	private final GridcoinProperties properties;

	private final Clock clock;

	private final ChainDeposits deposits;

	private final CursorCheck cursors;

	GridcoinWallet(GridcoinRpc rpc, JdbcClient jdbc, Ledger ledger, TransactionTemplate transactions,
			GridcoinProperties properties, Clock clock, MeterRegistry meters) {
		this.rpc = rpc;
		this.jdbc = jdbc;
		this.store = new ChainStore(jdbc);
		this.withdrawals = new WithdrawalStore(jdbc);
		this.ledger = ledger;
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
		this.cursors = new CursorCheck(rpc, properties.rescanDepth(), meters);
		this.deposits = new ChainDeposits(rpc, this.store, ledger, transactions, properties, this.cursors);
	}

	@Override
	public Deposit deposit(UserName user, Grc amount, String memo, String idempotencyKey) {
		throw new WalletRefusedException("Deposits come from the Gridcoin chain here: send GRC to the user's deposit"
				+ " address (GET /api/v1/accounts/" + user + "/deposit-address)");
	}

	@Override
	public Withdrawal withdraw(UserName user, String address, Grc amount, String idempotencyKey) {
		String key = user.value() + ":" + ((idempotencyKey != null) ? idempotencyKey : UUID.randomUUID().toString());
		Optional<Withdrawal> existing = this.withdrawals.byKey(key);
		if (existing.isPresent()) {
			return same(existing.get(), address, amount);
		}
		if (!this.rpc.read("validateaddress", address).path("isvalid").asBoolean(false)) {
			throw new InvalidValueException("address is not a valid Gridcoin address");
		}
		int tipHeight = this.rpc.read("getblockcount").asInt();
		Grc fee = this.properties.withdrawalFee();
		Withdrawal reserved = new Withdrawal(UUID.randomUUID().toString(), user, address, amount, fee, "PENDING", null,
				null, this.clock.instant().truncatedTo(ChronoUnit.MICROS), true);
		try {
			this.transactions.executeWithoutResult((status) -> {
				// One withdrawal of a user at a time: the balance read is the one
				// debited.
				this.jdbc.sql("select user_id from account where user_id = ? for update")
					.param(user.value())
					.query(String.class)
					.optional();
				Grc balance = this.ledger.balanceOf(user);
				Grc held = this.store.heldOf(user);
				if (balance.minus(held).compareTo(amount.plus(fee)) < 0) {
					throw new WalletRefusedException("The balance of " + balance
							+ (held.signum() > 0 ? " (of which " + held + " is held: deposits back under "
									+ this.properties.confirmations() + " confirmations after a reorg)" : "")
							+ " does not cover " + amount + " and the withdrawal fee of " + fee);
				}
				this.ledger.post(new TransferRequest(TransferKind.WITHDRAWAL, "withdrawal:" + reserved.id(),
						LedgerAccounts.of(user), LedgerAccounts.WALLET, amount.plus(fee), "to " + address));
				this.withdrawals.insert(reserved, key, tipHeight);
			});
		}
		catch (DuplicateKeyException raced) {
			return same(this.withdrawals.byKey(key).orElseThrow(() -> raced), address, amount);
		}
		send(reserved);
		Withdrawal settled = this.withdrawals.byId(reserved.id()).orElseThrow();
		return new Withdrawal(settled.id(), settled.user(), settled.address(), settled.amount(), settled.fee(),
				settled.state(), settled.txid(), settled.failure(), settled.requestedAt(), true);
	}

	/**
	 * Asks the node to send. The send carries the withdrawal's id as its comment: if the
	 * answer is lost, the next pass finds the send by it instead of sending again.
	 */
	private void send(Withdrawal withdrawal) {
		try {
			String txid = this.rpc
				.write("sendtoaddress", withdrawal.address(), withdrawal.amount().amount(),
						COMMENT_PREFIX + withdrawal.id())
				.asString();
			this.withdrawals.sent(withdrawal.id(), txid, this.clock.instant());
			log.info("Sent withdrawal {} of {} for {} in transaction {}", withdrawal.id(), withdrawal.amount(),
					withdrawal.user(), txid);
		}
		catch (GridcoinRpcException.Refused | GridcoinRpcException.Unauthorized refused) {
			// Refused before anything was sent: give the funds back.
			this.transactions.executeWithoutResult((status) -> {
				this.ledger.post(new TransferRequest(TransferKind.ADJUSTMENT, "withdrawal-refund:" + withdrawal.id(),
						LedgerAccounts.WALLET, LedgerAccounts.of(withdrawal.user()),
						withdrawal.amount().plus(withdrawal.fee()), "withdrawal " + withdrawal.id() + " refunded"));
				this.withdrawals.failed(withdrawal.id(), refused.getMessage(), this.clock.instant());
			});
			log.warn("Withdrawal {} of {} refunded: {}", withdrawal.id(), withdrawal.user(), refused.getMessage());
		}
		catch (GridcoinRpcException.Unavailable unknown) {
			log.warn("Withdrawal {} may or may not have been sent ({}); it is looked up on the next pass",
					withdrawal.id(), unknown.getMessage());
		}
	}

	/**
	 * Settles withdrawals whose send was not seen to end: found on the node by comment,
	 * they are recorded as sent; not found, they were never sent, and are sent now.
	 */
	private void settlePending(Instant now) {
		// A send may still be under way: waiting for a connection, then the call, each at
		// most the call timeout.
		Instant before = now.minus(this.properties.callTimeout().multipliedBy(2).plusSeconds(5));
		List<Withdrawal> pending = this.withdrawals.pendingBefore(before);
		if (pending.isEmpty()) {
			return;
		}
		// Sends made after the reservation are in later blocks or the mempool; a margin
		// of
		// the confirmation depth covers a reorg that mined them lower.
		OptionalInt lowest = this.withdrawals.lowestTipOfPending(before);
		String from = "";
		if (lowest.isPresent() && lowest.getAsInt() - this.properties.confirmations() > 0) {
			from = this.rpc.read("getblockhash", lowest.getAsInt() - this.properties.confirmations()).asString();
		}
		JsonNode everything = this.rpc.read("listsinceblock", from, 1);
		for (Withdrawal withdrawal : pending) {
			Optional<String> txid = sendOf(everything, COMMENT_PREFIX + withdrawal.id());
			if (txid.isPresent()) {
				this.withdrawals.sent(withdrawal.id(), txid.get(), now);
				log.info("Withdrawal {} was sent in transaction {}; recorded now", withdrawal.id(), txid.get());
			}
			else {
				send(withdrawal);
			}
		}
	}

	private static Optional<String> sendOf(JsonNode listed, String comment) {
		for (JsonNode tx : listed.path("transactions")) {
			if ("send".equals(tx.path("category").asString("")) && comment.equals(tx.path("comment").asString(""))) {
				return Optional.of(tx.path("txid").asString());
			}
		}
		return Optional.empty();
	}

	private static Withdrawal same(Withdrawal existing, String address, Grc amount) {
		if (!existing.address().equals(address) || !existing.amount().equals(amount)) {
			throw new WalletRefusedException("Idempotency key already used for a different withdrawal");
		}
		return existing;
	}

	/** The last time the node did not know the deposit cursor, if ever. */
	Optional<CursorCheck.Reset> lastCursorReset() {
		return this.cursors.lastReset();
	}

	@Override
	public Optional<String> depositAddress(UserName user) {
		Optional<String> known = this.store.addressOf(user);
		if (known.isPresent()) {
			return known;
		}
		String address = this.rpc.write("getnewaddress", LABEL_PREFIX + user.value()).asString();
		if (!this.store.saveAddress(user, address, this.clock.instant())) {
			// Another call made one first; this address keeps its label, so a payment to
			// it is still found to be the user's.
			return this.store.addressOf(user);
		}
		log.info("Deposit address of {} is {}", user, address);
		return Optional.of(address);
	}

	/**
	 * Credits, re-checks and settles. Each step runs even when one before it failed; the
	 * first failure is thrown at the end, for the billing cycle to report.
	 */
	@Override
	public void creditConfirmed(Instant now) {
		RuntimeException failure = null;
		for (Runnable step : List.<Runnable>of(() -> this.deposits.creditNew(now), () -> this.deposits.recheck(now),
				() -> settlePending(now))) {
			try {
				step.run();
			}
			catch (RuntimeException ex) {
				if (failure == null) {
					failure = ex;
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

}
