package org.gridfaas.credit.wallet.gridcoin;

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

	Optional<String> cursor() {
		return this.jdbc.sql("select last_block from chain_cursor where id = 1").query(String.class).optional();
	}

	void saveCursor(String lastBlock, Instant now) {
		if (this.jdbc.sql("update chain_cursor set last_block = ?, updated_at = ? where id = 1")
			.params(lastBlock, Timestamp.from(now))
			.update() == 0) {
			this.jdbc.sql("insert into chain_cursor (id, last_block, updated_at) values (1, ?, ?)")
				.params(lastBlock, Timestamp.from(now))
				.update();
		}
	}

	/**
	 * Whether the output was credited; a credit of the whole transaction's outputs to the
	 * address (vout -1, as Gridcoin's are and every credit before outputs were told
	 * apart) covers each of them.
	 */
	boolean credited(ChainDeposit deposit) {
		return this.jdbc
			.sql("select count(*) from chain_deposit where txid = ? and address = ? and (vout = ? or vout = -1)")
			.params(deposit.txid(), deposit.address(), deposit.vout())
			.query(Integer.class)
			.single() > 0;
	}

	void saveCredit(ChainDeposit deposit, Instant now) {
		this.jdbc.sql("""
				insert into chain_deposit (txid, address, vout, user_id, amount, credited_at)
				values (?, ?, ?, ?, ?, ?)""")
			.params(deposit.txid(), deposit.address(), deposit.vout(), deposit.user().value(),
					deposit.amount().amount(), Timestamp.from(now))
			.update();
	}

	/**
	 * Credited deposits not reversed, credited since {@code since}: the ones to re-check.
	 */
	List<ChainDeposit> creditedSince(Instant since) {
		return this.jdbc.sql("""
				select txid, address, vout, user_id, amount from chain_deposit
				where reversed_at is null and credited_at >= ? order by credited_at""")
			.param(Timestamp.from(since))
			.query((row, n) -> new ChainDeposit(row.getString("txid"), row.getString("address"), row.getInt("vout"),
					UserName.of(row.getString("user_id")), Grc.of(row.getBigDecimal("amount"))))
			.list();
	}

	void markReversed(ChainDeposit deposit, Instant now) {
		this.jdbc.sql("update chain_deposit set reversed_at = ? where txid = ? and address = ? and vout = ?")
			.params(Timestamp.from(now), deposit.txid(), deposit.address(), deposit.vout())
			.update();
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

		String reversalKey() {
			return "chain-reversal:" + this.txid + ":" + outputKey();
		}

		private String outputKey() {
			return (this.vout == ALL_OUTPUTS) ? this.address : "vout-" + this.vout;
		}

	}

}
