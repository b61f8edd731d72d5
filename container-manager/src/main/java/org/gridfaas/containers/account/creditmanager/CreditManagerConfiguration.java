package org.gridfaas.containers.account.creditmanager;

import java.time.Clock;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Ticker;

import org.gridfaas.common.api.ApiClients;
import org.gridfaas.common.api.CreditManagerApi;
import org.gridfaas.common.security.AdminToken;
import org.gridfaas.common.security.UserTokens;
import org.gridfaas.containers.account.AccountStandings;
import org.gridfaas.containers.node.WorkerRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/**
 * Connects the account-standing port, users' tokens and the worker registry to
 * CreditManager's REST API.
 */
@Configuration(proxyBeanMethods = false)
class CreditManagerConfiguration {

	@Bean
	CreditManagerApi creditManagerApi(RestClient.Builder builder, CreditManagerProperties properties,
			AdminToken adminToken) {
		return ApiClients.create(CreditManagerApi.class, builder, properties.url(), adminToken.value(),
				new ApiClients.Timeouts(properties.connectTimeout(), properties.readTimeout()));
	}

	@Bean
	AccountStandings accountStandings(CreditManagerApi creditManager, CreditManagerProperties properties, Clock clock) {
		return new CreditManagerAccountStandings(creditManager, properties, ticker(clock));
	}

	@Bean
	UserTokens creditManagerUserTokens(CreditManagerApi creditManager, Clock clock) {
		return new CreditManagerUserTokens(creditManager, ticker(clock));
	}

	@Bean
	WorkerRegistry creditManagerWorkerRegistry(CreditManagerApi creditManager) {
		return new CreditManagerWorkerRegistry(creditManager);
	}

	/** The caches' time is the service's clock, so a test clock moves them too. */
	private static Ticker ticker(Clock clock) {
		return () -> {
			Instant now = clock.instant();
			return now.getEpochSecond() * 1_000_000_000L + now.getNano();
		};
	}

}
