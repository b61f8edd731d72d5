package org.gridfaas.credit.wallet.gridcoin;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.gridfaas.credit.ledger.Ledger;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The Gridcoin wallet, with {@code gridfaas.wallet.kind=gridcoin}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "gridfaas.wallet.kind", havingValue = "gridcoin")
class GridcoinWalletConfiguration {

	@Bean(destroyMethod = "close")
	GridcoinRpc gridcoinRpc(GridcoinProperties properties, JsonMapper json) {
		return new GridcoinRpc(properties, json);
	}

	@Bean
	GridcoinWallet gridcoinWallet(GridcoinRpc rpc, JdbcClient jdbc, Ledger ledger, TransactionTemplate transactions,
			GridcoinProperties properties, Clock clock, MeterRegistry meters) {
		return new GridcoinWallet(rpc, jdbc, ledger, transactions, properties, clock, meters);
	}

	@Bean
	GridcoinHealthIndicator gridcoinHealthIndicator(GridcoinRpc rpc, GridcoinWallet wallet) {
		return new GridcoinHealthIndicator(rpc, wallet);
	}

}
