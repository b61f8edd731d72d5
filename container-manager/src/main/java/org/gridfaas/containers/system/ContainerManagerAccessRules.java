package org.gridfaas.containers.system;

import org.gridfaas.common.security.ApiAccessRules;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/**
 * Who may call what on ContainerManager: usage and containers are for the admin
 * (CreditManager and operators); functions and tasks for any token, each controller
 * checking that the function is the caller's.
 */
@Component
class ContainerManagerAccessRules implements ApiAccessRules {

	@Override
	public void apply(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
		rules.requestMatchers("/api/v1/usage", "/api/v1/usage/**", "/api/v1/containers", "/api/v1/containers/**")
			.hasRole("ADMIN");
	}

}
