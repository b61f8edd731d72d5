package org.gridfaas.credit.wallet;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.gridfaas.common.money.Grc;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.credit.ledger.Ledger;
import org.gridfaas.credit.ledger.LedgerAccounts;
import org.gridfaas.credit.ledger.TransferKind;
import org.gridfaas.credit.ledger.TransferRequest;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The embedded default wallet: the admin posts deposits through the API. With a
 * confirmation delay a deposit waits in the database, as an on-chain one waits for
 * confirmations, and the billing cycle credits it once due; a restart loses none.
 */
class LocalWallet implements Wallet {

	private static final Logger log = LoggerFactory.getLogger(LocalWallet.class);

	private final Ledger ledger;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final LocalWalletProperties properties;

	private final Clock clock;

	LocalWallet(Ledger ledger, JdbcClient jdbc, TransactionTemplate transactions, LocalWalletProperties properties,
			Clock clock) {
		this.ledger = ledger;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public Deposit deposit(UserName user, Grc amount, String memo, String idempotencyKey) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		Instant confirmAt = now.plus(this.properties.confirmationDelay());
		Optional<Deposit> existing = find(idempotencyKey);
		if (existing.isPresent()) {
			return same(existing.get(), user, amount, memo);
		}
		try {
			// The deposit and its credit commit together: a credit the ledger refuses
			// leaves no deposit behind to fail every cycle after.
			this.transactions.executeWithoutResult((status) -> {
				this.jdbc
					.sql("""
							insert into local_deposit (idempotency_key, user_id, amount, memo, requested_at, confirm_at, credited)
							values (?, ?, ?, ?, ?, ?, false)""")
					.params(idempotencyKey, user.value(), amount.amount(), memo, Timestamp.from(now),
							Timestamp.from(confirmAt))
					.update();
				if (!confirmAt.isAfter(now)) {
					credit(idempotencyKey);
				}
			});
		}
		catch (DuplicateKeyException raced) {
			return same(find(idempotencyKey).orElseThrow(() -> raced), user, amount, memo);
		}
		if (confirmAt.isAfter(now)) {
			log.info("Deposit {} of {} for {} is credited at {}", idempotencyKey, amount, user, confirmAt);
		}
		Deposit taken = find(idempotencyKey).orElseThrow();
		return new Deposit(taken.key(), taken.user(), taken.amount(), taken.memo(), taken.requestedAt(),
				taken.confirmAt(), taken.transfer(), true);
	}

	@Override
	public void creditConfirmed(Instant now) {
		List<String> due = this.jdbc.sql(
				"select idempotency_key from local_deposit where credited = false and confirm_at <= ? order by confirm_at")
			.param(Timestamp.from(now))
			.query(String.class)
			.list();
		for (String key : due) {
			try {
				credit(key);
			}
			catch (RuntimeException ex) {
				// One deposit the ledger refuses must not hold up the others.
				log.error("Deposit {} cannot be credited: {}", key, ex.getMessage());
			}
		}
	}

	private void credit(String key) {
		this.transactions.executeWithoutResult((status) -> {
			Deposit deposit = find(key).orElseThrow();
			this.ledger.post(new TransferRequest(TransferKind.DEPOSIT, ledgerKey(key), LedgerAccounts.WALLET,
					LedgerAccounts.of(deposit.user()), deposit.amount(), deposit.memo()));
			this.jdbc.sql("update local_deposit set credited = true where idempotency_key = ?").param(key).update();
		});
	}

	private Deposit same(Deposit existing, UserName user, Grc amount, String memo) {
		if (!existing.user().equals(user) || !existing.amount().equals(amount)
				|| !Objects.equals(existing.memo(), memo)) {
			throw new WalletRefusedException(
					"Idempotency key " + existing.key() + " was already used for a different deposit");
		}
		return existing;
	}

	private Optional<Deposit> find(String key) {
		return this.jdbc.sql("select * from local_deposit where idempotency_key = ?")
			.param(key)
			.query(this::deposit)
			.optional();
	}

	private Deposit deposit(ResultSet row, int rowNum) throws SQLException {
		String key = row.getString("idempotency_key");
		return new Deposit(key, UserName.of(row.getString("user_id")), Grc.of(row.getBigDecimal("amount")),
				row.getString("memo"), row.getTimestamp("requested_at").toInstant(),
				row.getTimestamp("confirm_at").toInstant(),
				row.getBoolean("credited") ? this.ledger.find(ledgerKey(key)) : Optional.empty(), false);
	}

	private static String ledgerKey(String key) {
		return "deposit:" + key;
	}

}
