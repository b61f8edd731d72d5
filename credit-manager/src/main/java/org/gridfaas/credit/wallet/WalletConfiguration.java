package org.gridfaas.credit.wallet;

import java.time.Clock;

import org.gridfaas.credit.ledger.Ledger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The wallet: the local one, until the Gridcoin adapter is configured. */
@Configuration(proxyBeanMethods = false)
class WalletConfiguration {

	@Bean
	Wallet localWallet(Ledger ledger, JdbcClient jdbc, TransactionTemplate transactions,
			LocalWalletProperties properties, Clock clock) {
		return new LocalWallet(ledger, jdbc, transactions, properties, clock);
	}

}
