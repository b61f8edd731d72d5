package org.gridfaas.credit.ledger;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.gridfaas.common.InvalidValueException;
import org.gridfaas.common.money.Grc;
import org.gridfaas.credit.database.ArrayColumns;
import org.gridfaas.credit.database.Database;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Each ledger account's balance, one row per account, moved in the transaction of the
 * entries that move it: a billing cycle reads thousands of balances, and each costs one
 * row however long the ledger grows. The entries remain the record, and
 * {@link #notMatchingEntries()} compares the two.
 */
final class LedgerBalances {

	private final JdbcTemplate jdbc;

	private final Database database;

	LedgerBalances(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		this.database = Database.of(jdbc);
	}

	/**
	 * Adds the changes to the balances, and refuses any that would take a balance past
	 * what an amount may be ({@link Grc#MAX_ABS}), so that no balance ever becomes one
	 * that cannot be read. Must run in the posting's transaction. Each row, new or not,
	 * is taken in the order of the accounts, so two postings that share accounts never
	 * deadlock.
	 */
	void move(Map<String, BigDecimal> changes) {
		List<String> accounts = changes.keySet().stream().sorted().toList();
		Map<String, BigDecimal> balances = new HashMap<>();
		if (this.database == Database.POSTGRESQL) {
			// One statement: rows are inserted or added to one by one, in order.
			this.jdbc.query("""
					insert into ledger_balance as b (account, balance)
					select v.account, v.change from unnest(?, ?) as v (account, change) order by v.account
					on conflict (account) do update set balance = b.balance + excluded.balance
					returning b.account, b.balance""",
					ArrayColumns.of(accounts).column("varchar", (account) -> account).column("numeric", changes::get),
					(row) -> {
						balances.put(row.getString(1), row.getBigDecimal(2));
					});
		}
		else {
			for (String account : accounts) {
				BigDecimal change = changes.get(account);
				if (this.jdbc.update("update ledger_balance set balance = balance + ? where account = ?", change,
						account) == 0
						&& this.jdbc.update(
								"insert into ledger_balance (account, balance) values (?, ?) on conflict do nothing",
								account, change) == 0) {
					// Another posting made the row first.
					this.jdbc.update("update ledger_balance set balance = balance + ? where account = ?", change,
							account);
				}
			}
			balances.putAll(of(accounts));
		}
		balances.forEach((account, balance) -> {
			if (balance.abs().compareTo(Grc.MAX_ABS) > 0) {
				throw new InvalidValueException("The balance of " + account + " would pass "
						+ Grc.MAX_ABS.toPlainString() + " GRC, the most an amount may be");
			}
		});
	}

	/** The balances of these accounts; those with no entries yet are left out. */
	Map<String, BigDecimal> of(Collection<String> accounts) {
		Map<String, BigDecimal> balances = new HashMap<>();
		this.jdbc.query(
				"select b.account, b.balance from unnest(?) as i (account) join ledger_balance b on b.account = i.account",
				ArrayColumns.keys(List.copyOf(accounts)), (row) -> {
					balances.put(row.getString(1), row.getBigDecimal(2));
				});
		return balances;
	}

	/** The sum of every balance: zero, as the sum of every entry is. */
	BigDecimal total() {
		return this.jdbc.queryForObject("select coalesce(sum(balance), 0) from ledger_balance", BigDecimal.class);
	}

	/** Accounts whose balance is not the sum of their entries: none, unless broken. */
	List<String> notMatchingEntries() {
		return this.jdbc.queryForList("""
				with sums as (select account, sum(amount) as total from ledger_entry group by account)
				select b.account from ledger_balance b left join sums e on e.account = b.account
				where e.total is null or b.balance <> e.total
				union
				select e.account from sums e left join ledger_balance b on b.account = e.account
				where b.account is null
				order by 1""", String.class);
	}

}
