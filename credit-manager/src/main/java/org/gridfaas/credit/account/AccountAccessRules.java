package org.gridfaas.credit.account;

import org.gridfaas.common.security.ApiAccessRules;
import org.gridfaas.common.security.OwnerOrAdmin;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/**
 * Who may call the accounts API: the admin lists accounts, changes settings, issues
 * tokens and credits deposits; a user reads its own account and everything under it,
 * never another user's.
 */
@Component
class AccountAccessRules implements ApiAccessRules {

	@Override
	public void apply(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
		rules.requestMatchers(HttpMethod.GET, "/api/v1/accounts")
			.hasRole("ADMIN")
			.requestMatchers("/api/v1/ledger/**")
			.hasRole("ADMIN")
			.requestMatchers(HttpMethod.PUT, "/api/v1/accounts/{user}")
			.hasRole("ADMIN")
			.requestMatchers(HttpMethod.POST, "/api/v1/accounts/{user}/deposits", "/api/v1/accounts/{user}/token")
			.hasRole("ADMIN")
			.requestMatchers("/api/v1/accounts/{user}", "/api/v1/accounts/{user}/**")
			.access(OwnerOrAdmin.pathVariable("user"));
	}

}
