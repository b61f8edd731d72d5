package org.gridfaas.common.security;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The authentication of a request that presented a valid token. It holds the principal
 * only; the token itself is dropped once resolved.
 */
public final class TokenAuthentication extends AbstractAuthenticationToken {

	/** Granted to the admin token. */
	public static final String ROLE_ADMIN = "ROLE_ADMIN";

	/** Granted to every user token. */
	public static final String ROLE_USER = "ROLE_USER";

	/** Granted to the metrics token: the scrape endpoint only. */
	public static final String ROLE_METRICS = "ROLE_METRICS";

	private final ApiPrincipal principal;

	TokenAuthentication(ApiPrincipal principal) {
		super(authoritiesOf(principal));
		this.principal = principal;
		setAuthenticated(true);
	}

	private static List<GrantedAuthority> authoritiesOf(ApiPrincipal principal) {
		return List.of(new SimpleGrantedAuthority(
				principal.isAdmin() ? ROLE_ADMIN : principal.scraper() ? ROLE_METRICS : ROLE_USER));
	}

	@Override
	public ApiPrincipal getPrincipal() {
		return this.principal;
	}

	@Override
	public Object getCredentials() {
		return null;
	}

	@Override
	public String getName() {
		return this.principal.name();
	}

}
