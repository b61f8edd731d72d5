package org.gridfaas.common.security;

import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads {@code Authorization: Bearer <token>} and resolves the token through the
 * {@link TokenDirectory}, then the service's {@link UserTokens}. A request without the
 * header stays anonymous (and gets 401 where a token is required); a request with an
 * unknown token is rejected at once.
 */
final class BearerTokenAuthenticator implements AuthenticationConverter, AuthenticationProvider {

	private static final String BEARER = "Bearer ";

	private final TokenDirectory tokens;

	private final List<UserTokens> userTokens;

	BearerTokenAuthenticator(TokenDirectory tokens, List<UserTokens> userTokens) {
		this.tokens = tokens;
		this.userTokens = List.copyOf(userTokens);
	}

	@Override
	public Authentication convert(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return null;
		}
		String token = header.substring(BEARER.length()).strip();
		if (token.isEmpty()) {
			throw new BadCredentialsException("The bearer token is empty");
		}
		return new PresentedToken(token);
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		PresentedToken presented = (PresentedToken) authentication;
		return this.tokens.lookup(presented.token)
			.or(() -> this.userTokens.stream()
				.map((users) -> users.userOf(presented.token))
				.flatMap(Optional::stream)
				.findFirst()
				.map(ApiPrincipal::user))
			.map(TokenAuthentication::new)
			.orElseThrow(() -> new BadCredentialsException("The bearer token is not valid"));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return PresentedToken.class.isAssignableFrom(authentication);
	}

	/** A token as presented, before it is resolved; it never prints the token. */
	static final class PresentedToken extends AbstractAuthenticationToken {

		private final transient String token;

		PresentedToken(String token) {
			super(List.of());
			this.token = token;
		}

		@Override
		public Object getCredentials() {
			return "[PROTECTED]";
		}

		@Override
		public Object getPrincipal() {
			return "bearer";
		}

		@Override
		public String toString() {
			return "PresentedToken[PROTECTED]";
		}

	}

}
