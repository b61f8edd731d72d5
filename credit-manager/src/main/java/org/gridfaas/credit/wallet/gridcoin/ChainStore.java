package org.gridfaas.credit.wallet.gridcoin;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.gridfaas.common.money.Grc;
import org.gridfaas.common.naming.UserName;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Deposit addresses, the chain cursor and credited deposits, in the database. */
class ChainStore {

	/** Re-checks made in one pass at most; the rest wait for the next. */
	private static final int DUE_PER_PASS = 500;

	private final JdbcClient jdbc;

	ChainStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<String> addressOf(UserName user) {
		return this.jdbc.sql("select address from deposit_address where user_id = ?")
			.param(user.value())
			.query(String.class)
			.optional();
	}

	Optional<UserName> ownerOf(String address) {
		return this.jdbc.sql("select user_id from deposit_address where address = ?")
			.param(address)
			.query(String.class)
			.optional()
			.map(UserName::of);
	}

	/** Keeps a new address for a user; false when the user has one already. */
	boolean saveAddress(UserName user, String address, Instant now) {
		try {
			this.jdbc.sql("insert into deposit_address (user_id, address, created_at) values (?, ?, ?)")
				.params(user.value(), address, Timestamp.from(now))
				.update();
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	Optional<Cursor> cursor() {
		return this.jdbc.sql("select last_block, height from chain_cursor where id = 1")
			.query((row, n) -> new Cursor(row.getString("last_block"),
					(row.getObject("height") != null) ? row.getInt("height") : Cursor.UNKNOWN_HEIGHT))
			.optional();
	}

	void saveCursor(Cursor cursor, Instant now) {
		Integer height = (cursor.height() == Cursor.UNKNOWN_HEIGHT) ? null : cursor.height();
		if (this.jdbc.sql("update chain_cursor set last_block = ?, height = ?, updated_at = ? where id = 1")
			.params(cursor.hash(), height, Timestamp.from(now))
			.update() == 0) {
			this.jdbc.sql("insert into chain_cursor (id, last_block, height, updated_at) values (1, ?, ?, ?)")
				.params(cursor.hash(), height, Timestamp.from(now))
				.update();
		}
	}

	/**
	 * The credit of an output, if any; a credit of the whole transaction's outputs to the
	 * address (vout -1, as Gridcoin's are and every credit before outputs were told
	 * apart) covers each of them.
	 */
	Optional<Credit> creditOf(ChainDeposit deposit) {
		return this.jdbc.sql("""
				select * from chain_deposit where txid = ? and address = ? and (vout = ? or vout = -1)
				order by vout""")
			.params(deposit.txid(), deposit.address(), deposit.vout())
			.query(ChainStore::credit)
			.optional();
	}

	void saveCredit(ChainDeposit deposit, Instant now, Instant firstCheck, Instant watchUntil) {
		this.jdbc.sql("""
				insert into chain_deposit (txid, address, vout, user_id, amount, credited_at, state, next_check_at,
				watch_until) values (?, ?, ?, ?, ?, ?, 'CREDITED', ?, ?)""")
			.params(deposit.txid(), deposit.address(), deposit.vout(), deposit.user().value(),
					deposit.amount().amount(), Timestamp.from(now), Timestamp.from(firstCheck),
					Timestamp.from(watchUntil))
			.update();
	}

	/** Credits whose next re-check is due, while they are watched. */
	List<Credit> due(Instant now) {
		return this.jdbc.sql("""
				select * from chain_deposit where next_check_at <= ? and watch_until >= ?
				order by next_check_at fetch first %d rows only""".formatted(DUE_PER_PASS))
			.params(Timestamp.from(now), Timestamp.from(now))
			.query(ChainStore::credit)
			.list();
	}

	/** A credit moved to a new state: watched afresh from now. */
	void changed(Credit credit, DepositState state, int reversals, Instant nextCheck, Instant watchUntil) {
		this.jdbc.sql("""
				update chain_deposit set state = ?, reversals = ?, checks = 0, next_check_at = ?, watch_until = ?
				where txid = ? and address = ? and vout = ?""")
			.params(state.name(), reversals, Timestamp.from(nextCheck), Timestamp.from(watchUntil),
					credit.deposit().txid(), credit.deposit().address(), credit.deposit().vout())
			.update();
	}

	/** A re-check that changed nothing: the next one waits longer. */
	void checked(Credit credit, Instant nextCheck) {
		this.jdbc.sql("""
				update chain_deposit set checks = checks + 1, next_check_at = ?
				where txid = ? and address = ? and vout = ?""")
			.params(Timestamp.from(nextCheck), credit.deposit().txid(), credit.deposit().address(),
					credit.deposit().vout())
			.update();
	}

	/** What the user has in deposits held back under the confirmation depth. */
	Grc heldOf(UserName user) {
		return Grc
			.of(this.jdbc.sql("select coalesce(sum(amount), 0) from chain_deposit where user_id = ? and state = 'HELD'")
				.param(user.value())
				.query(java.math.BigDecimal.class)
				.single());
	}

	private static Credit credit(ResultSet row, int n) throws SQLException {
		return new Credit(
				new ChainDeposit(row.getString("txid"), row.getString("address"), row.getInt("vout"),
						UserName.of(row.getString("user_id")), Grc.of(row.getBigDecimal("amount"))),
				DepositState.valueOf(row.getString("state")), row.getInt("reversals"), row.getInt("checks"));
	}

	/**
	 * Where deposits were last listed from: a block's hash, and its height (unknown for a
	 * cursor saved before heights were kept).
	 */
	record Cursor(String hash, int height) {

		static final int UNKNOWN_HEIGHT = -1;

	}

	/** What became of a credited deposit. */
	enum DepositState {

		/** In the balance, and withdrawable. */
		CREDITED,
		/** Fell back under the confirmation depth: in the balance, not withdrawable. */
		HELD,
		/** Conflicted or gone: its credit was taken back. */
		REVERSED

	}

	/**
	 * A deposit's credit as stored.
	 *
	 * @param deposit the output(s) credited
	 * @param state what became of it
	 * @param reversals how many times its credit was taken back
	 * @param checks re-checks since its last change
	 */
	record Credit(ChainDeposit deposit, DepositState state, int reversals, int checks) {

		/** The ledger key of reversal number {@code n}; the first keeps its old key. */
		String reversalKey(int n) {
			String first = "chain-reversal:" + this.deposit.txid() + ":" + this.deposit.outputKey();
			return (n == 1) ? first : first + ":" + n;
		}

		/** The ledger key of the restore after reversal number {@code n}. */
		String restoreKey(int n) {
			return "chain-restore:" + this.deposit.txid() + ":" + this.deposit.outputKey() + ":" + n;
		}

	}

	/**
	 * A deposit seen on chain.
	 *
	 * @param txid the transaction
	 * @param address the user's deposit address it paid
	 * @param vout the output, where the node names it; -1 for all the transaction's
	 * outputs to the address, summed (Gridcoin lists no vout)
	 * @param user the user
	 * @param amount GRC received
	 */
	record ChainDeposit(String txid, String address, int vout, UserName user, Grc amount) {

		/** Where a node names no output. */
		static final int ALL_OUTPUTS = -1;

		/**
		 * The ledger key of its credit: txid and output, unique on chain; txid and
		 * address for the sum of a transaction's outputs to it.
		 */
		String creditKey() {
			return "chain:" + this.txid + ":" + outputKey();
		}

		String outputKey() {
			return (this.vout == ALL_OUTPUTS) ? this.address : "vout-" + this.vout;
		}

	}

}
