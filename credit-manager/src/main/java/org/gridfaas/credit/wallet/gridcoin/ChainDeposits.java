package org.gridfaas.credit.wallet.gridcoin;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deposits read from the node: new receives to the users' addresses credited once deep
 * enough, in one transaction with the cursor they were listed from, and credited deposits
 * re-checked for {@code recheck-window} (one that turned conflicted or vanished is
 * reversed).
 */
class ChainDeposits {

	private static final Logger log = LoggerFactory.getLogger(ChainDeposits.class);

	private final GridcoinRpc rpc;

	private final ChainStore store;

	private final Ledger ledger;

	private final TransactionTemplate transactions;

	private final GridcoinProperties properties;

	private final Counter cursorResets;

	ChainDeposits(GridcoinRpc rpc, ChainStore store, Ledger ledger, TransactionTemplate transactions,
			GridcoinProperties properties, MeterRegistry meters) {
		this.rpc = rpc;
		this.store = store;
		this.ledger = ledger;
		this.transactions = transactions;
		this.properties = properties;
		this.cursorResets = Counter.builder("gridfaas.wallet.cursor.resets")
			.description(
					"Times the node did not know the deposit cursor and the wallet was listed again from its start")
			.register(meters);
	}

	void creditNew(Instant now) {
		String cursor = this.store.cursor().orElse("");
		JsonNode listed = listSince(cursor);
		// One credit per output where the node names it (vout), else one per transaction
		// and address, its outputs there summed.
		Map<String, ChainDeposit> confirmed = new LinkedHashMap<>();
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
			String key = deposit.creditKey();
			if (vout == ChainDeposit.ALL_OUTPUTS) {
				confirmed.merge(key, deposit, (first, more) -> new ChainDeposit(first.txid(), first.address(),
						first.vout(), first.user(), first.amount().plus(more.amount())));
			}
			else {
				confirmed.putIfAbsent(key, deposit);
			}
		}
		String lastBlock = listed.path("lastblock").asString("");
		this.transactions.executeWithoutResult((status) -> {
			for (ChainDeposit deposit : confirmed.values()) {
				if (this.store.credited(deposit)) {
					continue;
				}
				this.ledger.post(new TransferRequest(TransferKind.DEPOSIT, deposit.creditKey(), LedgerAccounts.WALLET,
						LedgerAccounts.of(deposit.user()), deposit.amount(), "Gridcoin " + deposit.txid()));
				this.store.saveCredit(deposit, now);
				log.info("Credited {} to {} from transaction {}", deposit.amount(), deposit.user(), deposit.txid());
			}
			if (!lastBlock.isEmpty()) {
				this.store.saveCursor(lastBlock, now);
			}
		});
	}

	/**
	 * What the node lists since the cursor. A cursor the node never saw (it was rebuilt,
	 * or the block was reorged away and pruned) is answered -5 by Bitcoin-family nodes:
	 * then the whole wallet is listed again, which credits nothing twice, and the cursor
	 * moves on from there.
	 */
	private JsonNode listSince(String cursor) {
		try {
			return this.rpc.read("listsinceblock", cursor, this.properties.confirmations());
		}
		catch (GridcoinRpcException.Refused ex) {
			if (cursor.isEmpty() || ex.code() != GridcoinRpcException.Refused.INVALID_ADDRESS_OR_KEY) {
				throw ex;
			}
			this.cursorResets.increment();
			log.warn("The node does not know the deposit cursor {} ({}); listing the wallet from its start", cursor,
					ex.getMessage());
			return this.rpc.read("listsinceblock", "", this.properties.confirmations());
		}
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

	/** A credited deposit that turned conflicted, or vanished, in a reorg is reversed. */
	void recheck(Instant now) {
		for (ChainDeposit deposit : this.store.creditedSince(now.minus(this.properties.recheckWindow()))) {
			int confirmations;
			try {
				confirmations = this.rpc.read("gettransaction", deposit.txid()).path("confirmations").asInt(0);
			}
			catch (GridcoinRpcException.Refused ex) {
				if (ex.code() != GridcoinRpcException.Refused.INVALID_ADDRESS_OR_KEY) {
					throw ex;
				}
				confirmations = -1;
			}
			if (confirmations >= 0) {
				continue;
			}
			this.transactions.executeWithoutResult((status) -> {
				this.ledger.post(new TransferRequest(TransferKind.ADJUSTMENT, deposit.reversalKey(),
						LedgerAccounts.of(deposit.user()), LedgerAccounts.WALLET, deposit.amount(),
						"Gridcoin " + deposit.txid() + " reversed: conflicted or gone after a reorg"));
				this.store.markReversed(deposit, now);
			});
			log.warn("Reversed the credit of {} to {}: transaction {} is conflicted or gone", deposit.amount(),
					deposit.user(), deposit.txid());
		}
	}

}
