package org.gridfaas.credit.ledger;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.gridfaas.common.InvalidValueException;
import org.gridfaas.common.money.Grc;
import org.gridfaas.common.naming.UserName;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The double-entry ledger: every movement of value is a transfer with two legs, and a
 * balance is the sum of an account's legs. Nothing is ever updated or deleted.
 */
@Component
public class Ledger {

	private final JdbcClient jdbc;

	private final JdbcTemplate jdbcTemplate;

	private final TransactionTemplate transactions;

	private final Clock clock;

	public Ledger(JdbcClient jdbc, JdbcTemplate jdbcTemplate, TransactionTemplate transactions, Clock clock) {
		this.jdbc = jdbc;
		this.jdbcTemplate = jdbcTemplate;
		this.transactions = transactions;
		this.clock = clock;
	}

	/**
	 * Posts a transfer exactly once: its two legs and the transfer itself in one
	 * transaction. Posting again under the same key with the same request returns the
	 * transfer already posted; with a different request it is refused.
	 * @throws LedgerConflictException when the key was used for a different request
	 */
	public Posted post(TransferRequest request) {
		try {
			return this.transactions.execute((status) -> existing(request).orElseGet(() -> insert(request)));
		}
		catch (DuplicateKeyException raced) {
			// Another poster won the race for this key: its transfer is the one.
			return existing(request).orElseThrow(() -> raced);
		}
	}

	/**
	 * Posts many transfers in one go, in batches, each exactly once: those whose key was
	 * posted before with the same request are skipped. Joins the caller's transaction.
	 * @throws LedgerConflictException when a key was used for a different request
	 */
	public void postAll(List<TransferRequest> requests) {
		if (requests.isEmpty()) {
			return;
		}
		this.transactions.executeWithoutResult((status) -> {
			Map<String, String> digests = new HashMap<>();
			this.jdbcTemplate.query(
					"select idempotency_key, request_digest from ledger_transfer where idempotency_key = any (?)",
					(statement) -> bindArray(statement,
							requests.stream().map(TransferRequest::idempotencyKey).toList()),
					(row) -> {
						digests.put(row.getString(1), row.getString(2));
					});
			Set<String> posted = new HashSet<>();
			for (TransferRequest request : requests) {
				String digest = digests.get(request.idempotencyKey());
				if (digest != null && !digest.equals(request.digest())) {
					throw new LedgerConflictException("Idempotency key " + request.idempotencyKey()
							+ " was already used for a different request");
				}
				if (digest != null) {
					posted.add(request.idempotencyKey());
				}
			}
			List<TransferRequest> fresh = requests.stream()
				.filter((request) -> !posted.contains(request.idempotencyKey()))
				.toList();
			Map<String, BigDecimal> changes = new HashMap<>();
			for (TransferRequest request : fresh) {
				changes.merge(request.from(), request.amount().negate().amount(), BigDecimal::add);
				changes.merge(request.to(), request.amount().amount(), BigDecimal::add);
			}
			requireWithinLimits(changes);
			Timestamp at = Timestamp.from(this.clock.instant().truncatedTo(ChronoUnit.MICROS));
			this.jdbcTemplate.batchUpdate(
					"""
							insert into ledger_transfer (kind, idempotency_key, request_digest, from_account, to_account, amount, memo, created_at)
							values (?, ?, ?, ?, ?, ?, ?, ?)""",
					fresh.stream()
						.map((request) -> new Object[] { request.kind().name(), request.idempotencyKey(),
								request.digest(), request.from(), request.to(), request.amount().amount(),
								request.memo(), at })
						.toList());
			List<Object[]> legs = new ArrayList<>();
			for (TransferRequest request : fresh) {
				legs.add(new Object[] { request.from(), request.amount().negate().amount(), at,
						request.idempotencyKey() });
				legs.add(new Object[] { request.to(), request.amount().amount(), at, request.idempotencyKey() });
			}
			this.jdbcTemplate.batchUpdate("""
					insert into ledger_entry (transfer_id, account, amount, created_at)
					select id, ?, ?, ? from ledger_transfer where idempotency_key = ?""", legs);
		});
	}

	/**
	 * Refuses changes that would take a balance past what an amount may be
	 * ({@link Grc#MAX_ABS}): checked in the posting's transaction, before anything is
	 * written, so that no balance ever becomes one that cannot be read.
	 */
	private void requireWithinLimits(Map<String, BigDecimal> changes) {
		Map<String, BigDecimal> balances = new HashMap<>();
		changes.keySet().forEach((account) -> balances.put(account, BigDecimal.ZERO));
		this.jdbcTemplate.query(
				"select account, sum(amount) from ledger_entry where account = any (?) group by account",
				(statement) -> bindArray(statement, List.copyOf(changes.keySet())), (row) -> {
					balances.put(row.getString(1), row.getBigDecimal(2));
				});
		changes.forEach((account, change) -> {
			if (balances.get(account).add(change).abs().compareTo(Grc.MAX_ABS) > 0) {
				throw new InvalidValueException("The balance of " + account + " would pass "
						+ Grc.MAX_ABS.toPlainString() + " GRC, the most an amount may be");
			}
		});
	}

	/** The transfers that moved value in or out of an account, newest first. */
	public List<Transfer> transfersOf(String account, int limit) {
		return this.jdbc
			.sql("select * from ledger_transfer where from_account = ? or to_account = ? order by id desc limit ?")
			.params(account, account, limit)
			.query(Ledger::transfer)
			.list();
	}

	/** A transfer by its idempotency key. */
	public Optional<Transfer> find(String idempotencyKey) {
		return this.jdbc.sql("select * from ledger_transfer where idempotency_key = ?")
			.param(idempotencyKey)
			.query(Ledger::transfer)
			.optional();
	}

	private Optional<Posted> existing(TransferRequest request) {
		return this.jdbc.sql("select * from ledger_transfer where idempotency_key = ?")
			.param(request.idempotencyKey())
			.query((row, n) -> {
				if (!row.getString("request_digest").equals(request.digest())) {
					throw new LedgerConflictException("Idempotency key " + request.idempotencyKey()
							+ " was already used for a different request");
				}
				return new Posted(transfer(row, n), false);
			})
			.optional();
	}

	private Posted insert(TransferRequest request) {
		requireWithinLimits(
				Map.of(request.from(), request.amount().negate().amount(), request.to(), request.amount().amount()));
		// Both databases keep microseconds: what is returned now must equal what is read
		// later.
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		Timestamp at = Timestamp.from(now);
		GeneratedKeyHolder keys = new GeneratedKeyHolder();
		this.jdbc
			.sql("""
					insert into ledger_transfer (kind, idempotency_key, request_digest, from_account, to_account, amount, memo, created_at)
					values (?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(request.kind().name(), request.idempotencyKey(), request.digest(), request.from(), request.to(),
					request.amount().amount(), request.memo(), at)
			.update(keys, "id");
		long id = keys.getKey().longValue();
		this.jdbc.sql("insert into ledger_entry (transfer_id, account, amount, created_at) values (?, ?, ?, ?)")
			.params(id, request.from(), request.amount().negate().amount(), at)
			.update();
		this.jdbc.sql("insert into ledger_entry (transfer_id, account, amount, created_at) values (?, ?, ?, ?)")
			.params(id, request.to(), request.amount().amount(), at)
			.update();
		return new Posted(new Transfer(id, request.kind(), request.idempotencyKey(), request.from(), request.to(),
				request.amount(), request.memo(), now), true);
	}

	/**
	 * The sum of every entry in the ledger: zero, since each transfer has two opposite
	 * legs.
	 */
	public Grc total() {
		return Grc
			.of(this.jdbc.sql("select coalesce(sum(amount), 0) from ledger_entry").query(BigDecimal.class).single());
	}

	private static Transfer transfer(ResultSet row, int rowNum) throws SQLException {
		return new Transfer(row.getLong("id"), TransferKind.valueOf(row.getString("kind")),
				row.getString("idempotency_key"), row.getString("from_account"), row.getString("to_account"),
				Grc.of(row.getBigDecimal("amount")), row.getString("memo"), row.getTimestamp("created_at").toInstant());
	}

	/**
	 * The outcome of posting.
	 *
	 * @param transfer the transfer in the ledger
	 * @param created whether this call posted it (false: it was posted before, under the
	 * key)
	 */
	public record Posted(Transfer transfer, boolean created) {
	}

	/** A user's balance: the sum of the user's ledger entries. */
	public Grc balanceOf(UserName user) {
		return balanceOf(LedgerAccounts.of(user));
	}

	/** Balances of many ledger accounts at once; zero for an account with no entries. */
	public Map<String, Grc> balancesOf(Collection<String> accounts) {
		Map<String, Grc> balances = new HashMap<>();
		accounts.forEach((account) -> balances.put(account, Grc.ZERO));
		if (!accounts.isEmpty()) {
			this.jdbcTemplate.query(
					"select account, sum(amount) from ledger_entry where account = any (?) group by account",
					(statement) -> bindArray(statement, List.copyOf(accounts)), (row) -> {
						balances.put(row.getString(1), Grc.of(row.getBigDecimal(2)));
					});
		}
		return balances;
	}

	/** One array parameter for any number of values: one statement text, planned once. */
	private static void bindArray(PreparedStatement statement, List<String> values) throws SQLException {
		statement.setArray(1, statement.getConnection().createArrayOf("varchar", values.toArray()));
	}

	/** A ledger account's balance, user or system. */
	public Grc balanceOf(String account) {
		BigDecimal sum = this.jdbc.sql("select coalesce(sum(amount), 0) from ledger_entry where account = ?")
			.param(account)
			.query(BigDecimal.class)
			.single();
		return Grc.of(sum);
	}

}
