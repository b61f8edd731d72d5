package org.gridfaas.credit.account;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.gridfaas.common.account.AccountPolicy;
import org.gridfaas.common.account.BillingBasis;
import org.gridfaas.common.money.Grc;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.credit.TestDataSources;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the account repository and the migrations promise, run against each database the
 * service supports (one subclass per database).
 */
abstract class AccountRepositoryContract {

	private final Instant now = Instant.parse("2026-11-27T12:00:00.123456Z");

	AccountRepository accounts;

	JdbcClient jdbc;

	abstract DataSource dataSource();

	@BeforeEach
	void migrate() {
		TestDataSources.migrateClean(dataSource());
		this.jdbc = JdbcClient.create(dataSource());
		this.accounts = new AccountRepository(this.jdbc);
	}

	@Test
	void anInsertedAccountReadsBackExactly() {
		Account alice = account("alice", "0.12345678", "-0.5");
		assertThat(this.accounts.insert(alice)).isTrue();
		assertThat(this.accounts.find(UserName.of("alice"))).hasValue(alice);
	}

	@Test
	void aSecondInsertForTheSameUserIsRefused() {
		assertThat(this.accounts.insert(account("alice", "0", "0"))).isTrue();
		assertThat(this.accounts.insert(account("alice", "1", "-1"))).isFalse();
		assertThat(this.accounts.find(UserName.of("alice")).get().minBalance()).isEqualTo(Grc.ZERO);
	}

	@Test
	void anUpdateChangesSettingsButNotTheOpeningTime() {
		this.accounts.insert(account("alice", "0.1", "-0.5"));
		Account changed = new Account(UserName.of("alice"), AccountPolicy.CONSERVATIVE, Grc.of("2"), Grc.of("-1"),
				BillingBasis.ALLOCATED, false, this.now, this.now.plusSeconds(60));
		this.accounts.update(changed);
		assertThat(this.accounts.find(UserName.of("alice"))).hasValue(changed);
	}

	@Test
	void accountsAreListedByUserName() {
		this.accounts.insert(account("carol", "0", "0"));
		this.accounts.insert(account("alice", "0", "0"));
		assertThat(this.accounts.findAll()).extracting((account) -> account.user().value())
			.containsExactly("alice", "carol");
	}

	@Test
	void manyAccountsAreFoundInOneQueryAndUsersWithoutOneAreLeftOut() {
		Account alice = account("alice", "0", "0");
		Account carol = account("carol", "1", "-1");
		this.accounts.insert(alice);
		this.accounts.insert(carol);
		assertThat(this.accounts.findAll(List.of(UserName.of("alice"), UserName.of("bob"), UserName.of("carol"))))
			.containsOnly(Map.entry(UserName.of("alice"), alice), Map.entry(UserName.of("carol"), carol));
		assertThat(this.accounts.findAll(List.of())).isEmpty();
	}

	@Test
	void theSchemaRefusesAPositiveDebtLimit() {
		assertThatThrownBy(() -> this.jdbc
			.sql("""
					insert into account (user_id, policy, min_balance, max_debt, billing_basis, active, created_at, updated_at)
					values ('mallory', 'GREEDY', 0, 1, 'USED', true, current_timestamp, current_timestamp)""")
			.update()).isInstanceOf(DataIntegrityViolationException.class);
	}

	@Test
	void theSchemaRefusesATransferOfNothing() {
		assertThatThrownBy(() -> this.jdbc
			.sql("""
					insert into ledger_transfer (kind, idempotency_key, request_digest, from_account, to_account, amount, created_at)
					values ('DEPOSIT', 'k', 'd', '@wallet', 'alice', 0, current_timestamp)""")
			.update()).isInstanceOf(DataIntegrityViolationException.class);
	}

	private Account account(String user, String minBalance, String maxDebt) {
		Instant created = this.now.truncatedTo(ChronoUnit.MICROS);
		return new Account(UserName.of(user), AccountPolicy.GREEDY, Grc.of(minBalance), Grc.of(maxDebt),
				BillingBasis.USED, true, created, created);
	}

}
