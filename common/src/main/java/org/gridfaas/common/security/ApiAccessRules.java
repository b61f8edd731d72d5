package org.gridfaas.common.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A service's own authorization rules, added to the shared security chain before its
 * closing rule (every other request needs a valid token). Declare one as a bean.
 */
@FunctionalInterface
public interface ApiAccessRules {

	void apply(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules);

}
