package org.gridfaas.credit.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.gridfaas.common.account.AccountPolicy;
import org.gridfaas.common.account.BillingBasis;
import org.gridfaas.common.money.Grc;
import org.gridfaas.common.naming.UserName;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Accounts in the database, through plain SQL that runs on PostgreSQL and H2 alike. */
@Repository
public class AccountRepository {

	private final JdbcClient jdbc;

	public AccountRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public Optional<Account> find(UserName user) {
		return this.jdbc.sql("select * from account where user_id = ?")
			.param(user.value())
			.query(AccountRepository::map)
			.optional();
	}

	public List<Account> findAll() {
		return this.jdbc.sql("select * from account order by user_id").query(AccountRepository::map).list();
	}

	/**
	 * The accounts of these users, in one query; users without an account are left out.
	 * One array parameter for any number of users (see {@code ArrayColumns}).
	 */
	public Map<UserName, Account> findAll(Collection<UserName> users) {
		Map<UserName, Account> found = new HashMap<>();
		if (!users.isEmpty()) {
			this.jdbc.sql("select a.* from unnest(?) as i (user_id) join account a on a.user_id = i.user_id")
				.param(users.stream().map(UserName::value).toArray(String[]::new))
				.query(AccountRepository::map)
				.list()
				.forEach((account) -> found.put(account.user(), account));
		}
		return found;
	}

	/** Inserts a new account; false when one with the same user exists already. */
	public boolean insert(Account account) {
		if (find(account.user()).isPresent()) {
			return false;
		}
		this.jdbc
			.sql("""
					insert into account (user_id, policy, min_balance, max_debt, billing_basis, active, created_at, updated_at)
					values (?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(account.user().value(), account.policy().name(), account.minBalance().amount(),
					account.maxDebt().amount(), account.billingBasis().name(), account.active(),
					Timestamp.from(account.createdAt()), Timestamp.from(account.updatedAt()))
			.update();
		return true;
	}

	public void update(Account account) {
		this.jdbc
			.sql("""
					update account set policy = ?, min_balance = ?, max_debt = ?, billing_basis = ?, active = ?, updated_at = ?
					where user_id = ?""")
			.params(account.policy().name(), account.minBalance().amount(), account.maxDebt().amount(),
					account.billingBasis().name(), account.active(), Timestamp.from(account.updatedAt()),
					account.user().value())
			.update();
	}

	private static Account map(ResultSet row, int rowNum) throws SQLException {
		return new Account(UserName.of(row.getString("user_id")), AccountPolicy.valueOf(row.getString("policy")),
				Grc.of(row.getBigDecimal("min_balance")), Grc.of(row.getBigDecimal("max_debt")),
				BillingBasis.valueOf(row.getString("billing_basis")), row.getBoolean("active"),
				instant(row, "created_at"), instant(row, "updated_at"));
	}

	private static Instant instant(ResultSet row, String column) throws SQLException {
		return row.getTimestamp(column).toInstant();
	}

}
