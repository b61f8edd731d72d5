package org.gridfaas.credit.wallet.gridcoin;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.gridfaas.common.money.Grc;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.credit.ledger.Ledger;
import org.gridfaas.credit.ledger.LedgerAccounts;
import org.gridfaas.credit.ledger.TransferKind;
import org.gridfaas.credit.ledger.TransferRequest;
import org.gridfaas.credit.wallet.gridcoin.ChainStore.ChainDeposit;
import org.gridfaas.credit.wallet.gridcoin.ChainStore.Credit;
import org.gridfaas.credit.wallet.gridcoin.ChainStore.Cursor;
import org.gridfaas.credit.wallet.gridcoin.ChainStore.DepositState;
import org.gridfaas.credit.wallet.gridcoin.GridcoinRpc.Answer;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deposits read from the node, through reorgs both ways.
 * <ul>
 * <li>New receives to the users' addresses are credited once deep enough, in one
 * transaction with the cursor they were listed from ({@link CursorCheck} says where the
 * listing starts).</li>
 * <li>Credited deposits are re-checked, in one batch of {@code gettransaction} calls per
 * pass, at spaced times: the first {@code recheck-first} after a credit or a change, each
 * next one twice as long after the last, for {@code recheck-window}.</li>
 * <li>A credit that falls back under the depth is held (not withdrawable); one conflicted
 * or gone is reversed; either is restored once its transaction is deep enough again,
 * whether a re-check or the listing sees it first.</li>
 * </ul>
 */
class ChainDeposits {

	private static final Logger log = LoggerFactory.getLogger(ChainDeposits.class);

	private final GridcoinRpc rpc;

	private final ChainStore store;

	private final Ledger ledger;

	private final TransactionTemplate transactions;

	private final GridcoinProperties properties;

	private final CursorCheck cursors;

	ChainDeposits(GridcoinRpc rpc, ChainStore store, Ledger ledger, TransactionTemplate transactions,
			GridcoinProperties properties, CursorCheck cursors) {
		this.rpc = rpc;
		this.store = store;
		this.ledger = ledger;
		this.transactions = transactions;
		this.properties = properties;
		this.cursors = cursors;
	}

	void creditNew(Instant now) {
		Optional<Cursor> stored = this.store.cursor();
		String from = this.cursors.startOf(stored, now);
		JsonNode listed = this.rpc.read("listsinceblock", from, this.properties.confirmations());
		Map<String, ChainDeposit> deep = deepDeposits(listed);
		String lastBlock = listed.path("lastblock").asString("");
		Optional<Cursor> next = lastBlock.isEmpty() ? Optional.empty()
				: Optional.of(stored
					.filter((cursor) -> cursor.hash().equals(lastBlock) && cursor.height() != Cursor.UNKNOWN_HEIGHT)
					.orElseGet(() -> new Cursor(lastBlock, this.cursors.heightOf(lastBlock))));
		this.transactions.executeWithoutResult((status) -> {
			for (ChainDeposit deposit : deep.values()) {
				Optional<Credit> credit = this.store.creditOf(deposit);
				if (credit.isEmpty()) {
					credit(deposit, now);
				}
				else if (credit.get().state() != DepositState.CREDITED) {
					deepAgain(credit.get(), now);
				}
			}
			next.ifPresent((cursor) -> this.store.saveCursor(cursor, now));
		});
	}

	/**
	 * The listed receives to our users at the confirmation depth: one per output where
	 * the node names it ({@code vout}), else one per transaction and address, its outputs
	 * there summed.
	 */
	private Map<String, ChainDeposit> deepDeposits(JsonNode listed) {
		Map<String, ChainDeposit> deep = new LinkedHashMap<>();
		for (JsonNode tx : listed.path("transactions")) {
			if (!"receive".equals(tx.path("category").asString(""))
					|| tx.path("confirmations").asInt(0) < this.properties.confirmations()) {
				continue;
			}
			String address = tx.path("address").asString("");
			Optional<UserName> user = ownerOf(address, tx.path("label").asString(tx.path("account").asString("")));
			BigDecimal amount = tx.path("amount").decimalValue();
			if (user.isEmpty() || amount.signum() <= 0) {
				continue;
			}
			int vout = tx.path("vout").isInt() ? tx.path("vout").asInt() : ChainDeposit.ALL_OUTPUTS;
			ChainDeposit deposit = new ChainDeposit(tx.path("txid").asString(), address, vout, user.get(),
					Grc.of(amount));
			if (vout == ChainDeposit.ALL_OUTPUTS) {
				deep.merge(deposit.creditKey(), deposit, (first, more) -> new ChainDeposit(first.txid(),
						first.address(), first.vout(), first.user(), first.amount().plus(more.amount())));
			}
			else {
				deep.putIfAbsent(deposit.creditKey(), deposit);
			}
		}
		return deep;
	}

	private Optional<UserName> ownerOf(String address, String label) {
		Optional<UserName> owner = this.store.ownerOf(address);
		if (owner.isEmpty() && label.startsWith(GridcoinWallet.LABEL_PREFIX)) {
			try {
				return Optional.of(UserName.of(label.substring(GridcoinWallet.LABEL_PREFIX.length())));
			}
			catch (RuntimeException ex) {
				return Optional.empty();
			}
		}
		return owner;
	}

	/** Re-checks the credits due, in one batch, and moves each to what the chain says. */
	void recheck(Instant now) {
		List<Credit> due = this.store.due(now);
		List<Answer> answers = this.rpc.readAll("gettransaction",
				due.stream().map((credit) -> List.<Object>of(credit.deposit().txid())).toList());
		for (int i = 0; i < due.size(); i++) {
			Credit credit = due.get(i);
			Answer answer = answers.get(i);
			int confirmations;
			if (answer.refusal() == null) {
				confirmations = answer.result().path("confirmations").asInt(0);
			}
			else if (answer.refusal().code() == GridcoinRpcException.Refused.INVALID_ADDRESS_OR_KEY) {
				// The wallet no longer has the transaction at all.
				confirmations = -1;
			}
			else {
				throw answer.refusal();
			}
			this.transactions.executeWithoutResult((status) -> move(credit, confirmations, now));
		}
	}

	private void move(Credit credit, int confirmations, Instant now) {
		boolean deep = confirmations >= this.properties.confirmations();
		boolean gone = confirmations < 0;
		switch (credit.state()) {
			case CREDITED -> {
				if (gone) {
					reverse(credit, now);
				}
				else if (!deep) {
					this.store.changed(credit, DepositState.HELD, credit.reversals(), firstCheck(now), watchUntil(now));
					log.warn("Held the deposit of {} to {}: transaction {} fell back to {} confirmations",
							credit.deposit().amount(), credit.deposit().user(), credit.deposit().txid(), confirmations);
				}
				else {
					checked(credit, now);
				}
			}
			case HELD -> {
				if (gone) {
					reverse(credit, now);
				}
				else if (deep) {
					deepAgain(credit, now);
				}
				else {
					checked(credit, now);
				}
			}
			case REVERSED -> {
				if (deep) {
					deepAgain(credit, now);
				}
				else {
					checked(credit, now);
				}
			}
		}
	}

	private void credit(ChainDeposit deposit, Instant now) {
		this.ledger.post(new TransferRequest(TransferKind.DEPOSIT, deposit.creditKey(), LedgerAccounts.WALLET,
				LedgerAccounts.of(deposit.user()), deposit.amount(), "Gridcoin " + deposit.txid()));
		this.store.saveCredit(deposit, now, firstCheck(now), watchUntil(now));
		log.info("Credited {} to {} from transaction {}", deposit.amount(), deposit.user(), deposit.txid());
	}

	private void reverse(Credit credit, Instant now) {
		int reversal = credit.reversals() + 1;
		ChainDeposit deposit = credit.deposit();
		this.ledger.post(new TransferRequest(TransferKind.ADJUSTMENT, credit.reversalKey(reversal),
				LedgerAccounts.of(deposit.user()), LedgerAccounts.WALLET, deposit.amount(),
				"Gridcoin " + deposit.txid() + " reversed: conflicted or gone after a reorg"));
		this.store.changed(credit, DepositState.REVERSED, reversal, firstCheck(now), watchUntil(now));
		log.warn("Reversed the credit of {} to {}: transaction {} is conflicted or gone", deposit.amount(),
				deposit.user(), deposit.txid());
	}

	/** A held or reversed deposit is deep enough again: released, or credited again. */
	private void deepAgain(Credit credit, Instant now) {
		ChainDeposit deposit = credit.deposit();
		if (credit.state() == DepositState.REVERSED) {
			this.ledger.post(new TransferRequest(TransferKind.DEPOSIT, credit.restoreKey(credit.reversals()),
					LedgerAccounts.WALLET, LedgerAccounts.of(deposit.user()), deposit.amount(),
					"Gridcoin " + deposit.txid() + " confirmed again after a reorg"));
			log.info("Credited {} to {} again: transaction {} is confirmed again", deposit.amount(), deposit.user(),
					deposit.txid());
		}
		else {
			log.info("Released the deposit of {} to {}: transaction {} is deep enough again", deposit.amount(),
					deposit.user(), deposit.txid());
		}
		this.store.changed(credit, DepositState.CREDITED, credit.reversals(), firstCheck(now), watchUntil(now));
	}

	private void checked(Credit credit, Instant now) {
		// Spaced: each re-check waits twice as long as the one before.
		Duration wait = this.properties.recheckFirst().multipliedBy(1L << Math.min(credit.checks() + 1, 30));
		this.store.checked(credit, now.plus(wait));
	}

	private Instant firstCheck(Instant now) {
		return now.plus(this.properties.recheckFirst());
	}

	private Instant watchUntil(Instant now) {
		return now.plus(this.properties.recheckWindow());
	}

}
