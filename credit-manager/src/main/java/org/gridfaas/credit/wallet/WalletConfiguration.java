package org.gridfaas.credit.wallet;

import java.time.Clock;

import org.gridfaas.credit.ledger.Ledger;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The local wallet, unless {@code gridfaas.wallet.kind=gridcoin} picks the Gridcoin one.
 */
@Configuration(proxyBeanMethods = false)
class WalletConfiguration {

	@Bean
	@ConditionalOnProperty(name = "gridfaas.wallet.kind", havingValue = "local", matchIfMissing = true)
	Wallet localWallet(Ledger ledger, JdbcClient jdbc, TransactionTemplate transactions,
			LocalWalletProperties properties, Clock clock) {
		return new LocalWallet(ledger, jdbc, transactions, properties, clock);
	}

}
