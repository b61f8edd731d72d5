package org.gridfaas.containers.account.creditmanager;

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.gridfaas.common.api.CreditManagerApi;
import org.gridfaas.common.api.WhoAmI;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.common.security.TokenDirectory;
import org.gridfaas.common.security.UserTokens;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClientException;

/**
 * Users' tokens as CreditManager knows them (it issues them with the accounts): a token
 * not in configuration is presented to CreditManager's {@code GET /api/v1/me}. Answers
 * are kept by the token's digest for a minute, a refusal for five seconds, at most 10,000
 * of them, so a busy user costs one call a minute; while CreditManager cannot be reached
 * such a token is not accepted.
 */
class CreditManagerUserTokens implements UserTokens {

	private static final Logger log = LoggerFactory.getLogger(CreditManagerUserTokens.class);

	static final Duration KNOWN_FOR = Duration.ofMinutes(1);

	static final Duration REFUSED_FOR = Duration.ofSeconds(5);

	static final int MAX_CACHED = 10_000;

	private final CreditManagerApi creditManager;

	private final Cache<String, Optional<UserName>> answers;

	CreditManagerUserTokens(CreditManagerApi creditManager, Ticker ticker) {
		this.creditManager = creditManager;
		this.answers = Caffeine.newBuilder()
			.maximumSize(MAX_CACHED)
			.expireAfter(Expiry
				.<String, Optional<UserName>>creating((digest, user) -> user.isPresent() ? KNOWN_FOR : REFUSED_FOR))
			.ticker(ticker)
			.build();
	}

	@Override
	public Optional<UserName> userOf(String token) {
		String presented = token.strip();
		return this.answers.get(TokenDirectory.digest(presented), (digest) -> ask(presented));
	}

	private Optional<UserName> ask(String token) {
		try {
			WhoAmI me = this.creditManager.me("Bearer " + token);
			return (me != null && me.isUser()) ? Optional.of(UserName.of(me.name())) : Optional.empty();
		}
		catch (HttpClientErrorException ex) {
			return Optional.empty();
		}
		catch (RestClientException ex) {
			log.warn("Cannot check a user token with CreditManager: {}", ex.getMessage());
			return Optional.empty();
		}
	}

}
