package org.gridfaas.credit.wallet.gridcoin;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.gridfaas.common.money.Grc;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.common.web.ConflictException;
import org.gridfaas.credit.ledger.Ledger;
import org.gridfaas.credit.ledger.LedgerAccounts;
import org.gridfaas.credit.ledger.TransferKind;
import org.gridfaas.credit.ledger.TransferRequest;
import org.gridfaas.credit.wallet.Wallet;
import org.gridfaas.credit.wallet.gridcoin.ChainStore.ChainDeposit;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Users pay in Gridcoin: each user has a deposit address on the node (labelled
 * {@code gridfaas:<user>}), and GRC received there is credited to the user's ledger
 * balance once it is {@code confirmations} deep. Balances live in the ledger; the node is
 * used for addresses and deposits only, never for its deprecated accounts.
 *
 * <p>
 * Each pass asks {@code listsinceblock <cursor> <confirmations>} and credits, in one
 * transaction with the new cursor, every receive to a known address that is deep enough.
 * A credit is keyed by txid and address, so a transaction listed again (the node lists
 * everything after an unknown cursor, e.g. after a reorg) is credited once. Credited
 * deposits are re-checked for {@code recheck-window}; one that turns conflicted
 * ({@code confirmations = -1}) or vanishes is reversed.
 */
class GridcoinWallet implements Wallet {

	private static final Logger log = LoggerFactory.getLogger(GridcoinWallet.class);

	private static final String LABEL_PREFIX = "gridfaas:";

	private final GridcoinRpc rpc;

	private final ChainStore store;

	private final Ledger ledger;

	private final TransactionTemplate transactions;

	private final GridcoinProperties properties;

	private final Clock clock;

	GridcoinWallet(GridcoinRpc rpc, ChainStore store, Ledger ledger, TransactionTemplate transactions,
			GridcoinProperties properties, Clock clock) {
		this.rpc = rpc;
		this.store = store;
		this.ledger = ledger;
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public Deposit deposit(UserName user, Grc amount, String memo, String idempotencyKey) {
		throw new ConflictException("Deposits come from the Gridcoin chain here: send GRC to the user's deposit"
				+ " address (GET /api/v1/accounts/" + user + "/deposit-address)");
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

	@Override
	public void creditConfirmed(Instant now) {
		creditNewDeposits(now);
		recheckCredited(now);
	}

	private void creditNewDeposits(Instant now) {
		String cursor = this.store.cursor().orElse("");
		JsonNode listed = this.rpc.read("listsinceblock", cursor, this.properties.confirmations());
		List<ChainDeposit> confirmed = new ArrayList<>();
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
			confirmed.add(new ChainDeposit(tx.path("txid").asString(), address, user.get(), Grc.of(amount)));
		}
		String lastBlock = listed.path("lastblock").asString("");
		this.transactions.executeWithoutResult((status) -> {
			for (ChainDeposit deposit : confirmed) {
				if (this.store.credited(deposit.txid(), deposit.address())) {
					continue;
				}
				this.ledger.post(new TransferRequest(TransferKind.DEPOSIT, deposit.creditKey(), LedgerAccounts.WALLET,
						LedgerAccounts.of(deposit.user()), deposit.amount(), "Gridcoin " + deposit.txid()));
				this.store.saveCredit(deposit, now);
				log.info("Credited {} GRC to {} from transaction {}", deposit.amount(), deposit.user(), deposit.txid());
			}
			if (!lastBlock.isEmpty()) {
				this.store.saveCursor(lastBlock, now);
			}
		});
	}

	private Optional<UserName> ownerOf(String address, String label) {
		Optional<UserName> owner = this.store.ownerOf(address);
		if (owner.isEmpty() && label.startsWith(LABEL_PREFIX)) {
			try {
				return Optional.of(UserName.of(label.substring(LABEL_PREFIX.length())));
			}
			catch (RuntimeException ex) {
				return Optional.empty();
			}
		}
		return owner;
	}

	/** A credited deposit that turned conflicted, or vanished, in a reorg is reversed. */
	private void recheckCredited(Instant now) {
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
			log.warn("Reversed the credit of {} GRC to {}: transaction {} is conflicted or gone", deposit.amount(),
					deposit.user(), deposit.txid());
		}
	}

}
