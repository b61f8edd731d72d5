package org.gridfaas.credit.containermanager;

import org.gridfaas.common.security.ApiAccessRules;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/** Only the admin registers workers or lists them. */
@Component
class WorkerAccessRules implements ApiAccessRules {

	@Override
	public void apply(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
		rules.requestMatchers("/api/v1/workers", "/api/v1/workers/**").hasRole("ADMIN");
	}

}
