package org.gridfaas.containers.account.creditmanager;

import java.time.Clock;

import org.gridfaas.common.security.AdminToken;
import org.gridfaas.common.security.UserTokens;
import org.gridfaas.containers.account.AccountStandings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/** Connects the account-standing port and users' tokens to CreditManager's REST API. */
@Configuration(proxyBeanMethods = false)
class CreditManagerConfiguration {

	@Bean
	AccountStandings accountStandings(RestClient.Builder builder, CreditManagerProperties properties,
			AdminToken adminToken, Clock clock) {
		return new CreditManagerAccountStandings(builder, properties, adminToken.value(), clock);
	}

	@Bean
	UserTokens creditManagerUserTokens(RestClient.Builder builder, CreditManagerProperties properties, Clock clock) {
		return new CreditManagerUserTokens(builder, properties, clock);
	}

}
