package org.gridfaas.credit.account;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.gridfaas.common.api.AccountStanding;
import org.gridfaas.common.money.Grc;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.credit.ledger.Ledger;
import org.gridfaas.credit.ledger.LedgerAccounts;
import org.springframework.stereotype.Component;

/** Accounts with the standing their ledger balance gives them, many at once. */
@Component
public class LedgerStandings {

	private final AccountRepository accounts;

	private final Ledger ledger;

	public LedgerStandings(AccountRepository accounts, Ledger ledger) {
		this.accounts = accounts;
		this.ledger = ledger;
	}

	/** The standings of these users; users without an account are left out. */
	public Map<UserName, AccountStanding> of(Collection<UserName> users, Instant now) {
		Map<UserName, AccountStanding> standings = new HashMap<>();
		if (users.isEmpty()) {
			return standings;
		}
		Map<String, Grc> balances = this.ledger.balancesOf(users.stream().map(LedgerAccounts::of).toList());
		this.accounts.findAll(users)
			.forEach((user, account) -> standings.put(user,
					account.standing(balances.get(LedgerAccounts.of(user)), now)));
		return standings;
	}

	/** Every account's standing. */
	public List<AccountStanding> all(Instant now) {
		List<Account> all = this.accounts.findAll();
		Map<String, Grc> balances = this.ledger
			.balancesOf(all.stream().map((account) -> LedgerAccounts.of(account.user())).toList());
		return all.stream()
			.map((account) -> account.standing(balances.get(LedgerAccounts.of(account.user())), now))
			.toList();
	}

}
