package org.gridfaas.credit.ledger;

import java.math.BigDecimal;
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

import org.gridfaas.common.money.Grc;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.credit.database.ArrayColumns;
import org.gridfaas.credit.database.Database;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The double-entry ledger: every movement of value is a transfer with two legs, and a
 * balance is the sum of an account's legs, kept per account in the same transaction. No
 * transfer or entry is ever updated or deleted.
 */
@Component
public class Ledger {

	private final JdbcClient jdbc;

	private final JdbcTemplate jdbcTemplate;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final LedgerBalances balances;

	private final Database database;

	public Ledger(JdbcClient jdbc, JdbcTemplate jdbcTemplate, TransactionTemplate transactions, Clock clock) {
		this.jdbc = jdbc;
		this.jdbcTemplate = jdbcTemplate;
		this.transactions = transactions;
		this.clock = clock;
		this.balances = new LedgerBalances(jdbcTemplate);
		this.database = Database.of(jdbcTemplate);
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
					"select t.idempotency_key, t.request_digest from unnest(?) as i (k) join ledger_transfer t on t.idempotency_key = i.k",
					ArrayColumns.keys(requests.stream().map(TransferRequest::idempotencyKey).toList()), (row) -> {
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
			insertAll(fresh, Timestamp.from(this.clock.instant().truncatedTo(ChronoUnit.MICROS)));
			this.balances.move(changes);
		});
	}

	/**
	 * Inserts the transfers and their legs: on PostgreSQL two statements for any number.
	 */
	private void insertAll(List<TransferRequest> requests, Timestamp at) {
		List<Leg> legs = new ArrayList<>();
		for (TransferRequest request : requests) {
			legs.add(new Leg(request.idempotencyKey(), request.from(), request.amount().negate().amount()));
			legs.add(new Leg(request.idempotencyKey(), request.to(), request.amount().amount()));
		}
		if (this.database == Database.POSTGRESQL) {
			Map<String, Long> ids = new HashMap<>();
			this.jdbcTemplate.query(
					"""
							insert into ledger_transfer (kind, idempotency_key, request_digest, from_account, to_account, amount, memo, created_at)
							select v.*, ? from unnest(?, ?, ?, ?, ?, ?, ?)
							    as v (kind, idempotency_key, request_digest, from_account, to_account, amount, memo)
							returning id, idempotency_key""",
					(statement) -> {
						statement.setTimestamp(1, at);
						ArrayColumns.of(requests)
							.column("varchar", (request) -> request.kind().name())
							.column("varchar", TransferRequest::idempotencyKey)
							.column("varchar", TransferRequest::digest)
							.column("varchar", TransferRequest::from)
							.column("varchar", TransferRequest::to)
							.column("numeric", (request) -> request.amount().amount())
							.column("varchar", TransferRequest::memo)
							.setValues(statement, 2);
					}, (row) -> {
						ids.put(row.getString(2), row.getLong(1));
					});
			this.jdbcTemplate.update("""
					insert into ledger_entry (transfer_id, account, amount, created_at)
					select * from unnest(?, ?, ?, ?)""",
					ArrayColumns.of(legs)
						.column("int8", (leg) -> ids.get(leg.idempotencyKey()))
						.column("varchar", Leg::account)
						.column("numeric", Leg::amount)
						.column("timestamptz", (leg) -> at));
			return;
		}
		this.jdbcTemplate.batchUpdate(
				"""
						insert into ledger_transfer (kind, idempotency_key, request_digest, from_account, to_account, amount, memo, created_at)
						values (?, ?, ?, ?, ?, ?, ?, ?)""",
				requests.stream()
					.map((request) -> new Object[] { request.kind().name(), request.idempotencyKey(), request.digest(),
							request.from(), request.to(), request.amount().amount(), request.memo(), at })
					.toList());
		this.jdbcTemplate.batchUpdate("""
				insert into ledger_entry (transfer_id, account, amount, created_at)
				select id, ?, ?, ? from ledger_transfer where idempotency_key = ?""",
				legs.stream()
					.map((leg) -> new Object[] { leg.account(), leg.amount(), at, leg.idempotencyKey() })
					.toList());
	}

	/** One leg of a transfer to insert, found by its transfer's key. */
	private record Leg(String idempotencyKey, String account, BigDecimal amount) {
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
		this.balances
			.move(Map.of(request.from(), request.amount().negate().amount(), request.to(), request.amount().amount()));
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

	/**
	 * The sum of every stored balance: what {@link #total()} is, read from one row per
	 * account rather than from every entry.
	 */
	public Grc balancesTotal() {
		return Grc.of(this.balances.total());
	}

	/**
	 * Accounts whose stored balance is not the sum of their entries: none, unless broken.
	 */
	public List<String> balancesNotMatchingEntries() {
		return this.balances.notMatchingEntries();
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
			this.balances.of(accounts).forEach((account, balance) -> balances.put(account, Grc.of(balance)));
		}
		return balances;
	}

	/** A ledger account's balance, user or system. */
	public Grc balanceOf(String account) {
		return balancesOf(List.of(account)).get(account);
	}

}
