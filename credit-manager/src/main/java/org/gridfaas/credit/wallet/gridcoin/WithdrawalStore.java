package org.gridfaas.credit.wallet.gridcoin;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.gridfaas.common.money.Grc;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.credit.wallet.Wallet.Withdrawal;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Withdrawals in the database. */
class WithdrawalStore {

	private final JdbcClient jdbc;

	WithdrawalStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<Withdrawal> byKey(String key) {
		return this.jdbc.sql("select * from withdrawal where idempotency_key = ?")
			.param(key)
			.query(WithdrawalStore::map)
			.optional();
	}

	Optional<Withdrawal> byId(String id) {
		return this.jdbc.sql("select * from withdrawal where id = ?").param(id).query(WithdrawalStore::map).optional();
	}

	/**
	 * Keeps a reserved withdrawal, with the chain's height then: its send can only be in
	 * a later block or the mempool.
	 */
	void insert(Withdrawal withdrawal, String key, int tipHeight) {
		this.jdbc.sql("""
				insert into withdrawal (id, idempotency_key, user_id, address, amount, fee, state, requested_at,
				tip_height) values (?, ?, ?, ?, ?, ?, 'PENDING', ?, ?)""")
			.params(withdrawal.id(), key, withdrawal.user().value(), withdrawal.address(), withdrawal.amount().amount(),
					withdrawal.fee().amount(), Timestamp.from(withdrawal.requestedAt()), tipHeight)
			.update();
	}

	/**
	 * The lowest chain height at which a pending withdrawal reserved before
	 * {@code before} was made; empty when one was made before heights were kept.
	 */
	OptionalInt lowestTipOfPending(Instant before) {
		return this.jdbc.sql("""
				select min(tip_height) as lowest, count(*) - count(tip_height) as missing from withdrawal
				where state = 'PENDING' and requested_at <= ?""")
			.param(Timestamp.from(before))
			.query((row, n) -> (row.getLong("missing") > 0 || row.getObject("lowest") == null) ? OptionalInt.empty()
					: OptionalInt.of(row.getInt("lowest")))
			.single();
	}

	void sent(String id, String txid, Instant now) {
		this.jdbc
			.sql("update withdrawal set state = 'SENT', txid = ?, settled_at = ? where id = ? and state = 'PENDING'")
			.params(txid, Timestamp.from(now), id)
			.update();
	}

	void failed(String id, String failure, Instant now) {
		this.jdbc.sql(
				"update withdrawal set state = 'FAILED', failure = ?, settled_at = ? where id = ? and state = 'PENDING'")
			.params(failure.substring(0, Math.min(500, failure.length())), Timestamp.from(now), id)
			.update();
	}

	List<Withdrawal> pendingBefore(Instant before) {
		return this.jdbc
			.sql("select * from withdrawal where state = 'PENDING' and requested_at <= ? order by requested_at")
			.param(Timestamp.from(before))
			.query(WithdrawalStore::map)
			.list();
	}

	private static Withdrawal map(ResultSet row, int rowNum) throws SQLException {
		return new Withdrawal(row.getString("id"), UserName.of(row.getString("user_id")), row.getString("address"),
				Grc.of(row.getBigDecimal("amount")), Grc.of(row.getBigDecimal("fee")), row.getString("state"),
				row.getString("txid"), row.getString("failure"), row.getTimestamp("requested_at").toInstant(), false);
	}

}
