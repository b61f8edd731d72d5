package org.gridfaas.credit.ledger;

import java.math.BigDecimal;

import org.gridfaas.common.money.Grc;
import org.gridfaas.common.naming.UserName;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The double-entry ledger: every movement of value is a transfer with two legs, and a
 * balance is the sum of an account's legs. Nothing is ever updated or deleted.
 */
@Component
public class Ledger {

	private final JdbcClient jdbc;

	Ledger(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A user's balance: the sum of the user's ledger entries. */
	public Grc balanceOf(UserName user) {
		return balanceOf(LedgerAccounts.of(user));
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
