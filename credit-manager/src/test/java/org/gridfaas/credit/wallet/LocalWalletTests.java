package org.gridfaas.credit.wallet;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.gridfaas.common.money.Grc;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.credit.TestDataSources;
import org.gridfaas.credit.ledger.Ledger;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The local wallet with a confirmation delay, on the single-node database. */
class LocalWalletTests {

	static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");

	static final UserName ALICE = UserName.of("alice");

	@TempDir
	Path folder;

	HikariDataSource dataSource;

	Ledger ledger;

	@BeforeEach
	void migrate() {
		this.dataSource = TestDataSources.h2(this.folder, "wallet");
		TestDataSources.migrateClean(this.dataSource);
		this.ledger = new Ledger(JdbcClient.create(this.dataSource), new JdbcTemplate(this.dataSource), transactions(),
				Clock.systemUTC());
	}

	@AfterEach
	void close() {
		this.dataSource.close();
	}

	@Test
	void aDepositWaitsForItsConfirmationDelayAndIsCreditedOnceAcrossARestart() {
		Wallet wallet = wallet(Duration.ofMinutes(10));
		Wallet.Deposit pending = wallet.deposit(ALICE, Grc.of("4"), "tx-1", "k1");
		assertThat(pending.credited()).isFalse();
		assertThat(pending.confirmAt()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
		wallet.creditConfirmed(T0.plus(Duration.ofMinutes(9)));
		assertThat(this.ledger.balanceOf(ALICE)).isEqualTo(Grc.ZERO);

		Wallet restarted = wallet(Duration.ofMinutes(10));
		restarted.creditConfirmed(T0.plus(Duration.ofMinutes(10)));
		restarted.creditConfirmed(T0.plus(Duration.ofMinutes(11)));
		assertThat(this.ledger.balanceOf(ALICE)).isEqualTo(Grc.of("4"));
		Wallet.Deposit again = restarted.deposit(ALICE, Grc.of("4"), "tx-1", "k1");
		assertThat(again.credited()).isTrue();
		assertThat(again.created()).isFalse();
		assertThat(this.ledger.balanceOf(ALICE)).isEqualTo(Grc.of("4"));
	}

	@Test
	void withoutADelayADepositIsCreditedAtOnceAndAKeyReusedForAnotherDepositIsAConflict() {
		Wallet wallet = wallet(Duration.ZERO);
		assertThat(wallet.deposit(ALICE, Grc.of("1.5"), null, "k1").credited()).isTrue();
		assertThatThrownBy(() -> wallet.deposit(ALICE, Grc.of("2"), null, "k1"))
			.isInstanceOf(WalletRefusedException.class);
		assertThatThrownBy(() -> wallet.deposit(UserName.of("bob"), Grc.of("1.5"), null, "k1"))
			.isInstanceOf(WalletRefusedException.class);
		assertThat(this.ledger.balanceOf(ALICE)).isEqualTo(Grc.of("1.5"));
	}

	private Wallet wallet(Duration delay) {
		return new LocalWallet(this.ledger, JdbcClient.create(this.dataSource), transactions(),
				new LocalWalletProperties(delay), Clock.fixed(T0, ZoneOffset.UTC));
	}

	private TransactionTemplate transactions() {
		return new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
	}

}
