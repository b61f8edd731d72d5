package org.gridfaas.containers.account.creditmanager;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.gridfaas.common.naming.UserName;
import org.gridfaas.common.security.TokenDirectory;
import org.gridfaas.common.security.UserTokens;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Users' tokens as CreditManager knows them (it issues them with the accounts): a token
 * not in configuration is presented to CreditManager's {@code GET /api/v1/me}. Answers
 * are kept for a minute (a refused token for a few seconds), by the token's digest, so a
 * busy user costs one call a minute; while CreditManager cannot be reached such a token
 * is not accepted.
 */
class CreditManagerUserTokens implements UserTokens {

	private static final Logger log = LoggerFactory.getLogger(CreditManagerUserTokens.class);

	private static final Duration KNOWN_FOR = Duration.ofMinutes(1);

	private static final Duration REFUSED_FOR = Duration.ofSeconds(5);

	private static final int MAX_CACHED = 10_000;

	private final RestClient client;

	private final Clock clock;

	private final Map<String, Answer> answers = new ConcurrentHashMap<>();

	CreditManagerUserTokens(RestClient.Builder builder, CreditManagerProperties properties, Clock clock) {
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(properties.connectTimeout()).build());
		requests.setReadTimeout(properties.readTimeout());
		this.client = builder.clone().baseUrl(properties.url().toString()).requestFactory(requests).build();
		this.clock = clock;
	}

	@Override
	public Optional<UserName> userOf(String token) {
		String digest = TokenDirectory.digest(token.strip());
		Instant now = this.clock.instant();
		Answer cached = this.answers.get(digest);
		if (cached != null && cached.until().isAfter(now)) {
			return cached.user();
		}
		Optional<UserName> user = ask(token.strip());
		if (this.answers.size() >= MAX_CACHED) {
			this.answers.clear();
		}
		this.answers.put(digest, new Answer(user, now.plus(user.isPresent() ? KNOWN_FOR : REFUSED_FOR)));
		return user;
	}

	private Optional<UserName> ask(String token) {
		try {
			Me me = this.client.get()
				.uri("/api/v1/me")
				.header("Authorization", "Bearer " + token)
				.retrieve()
				.body(Me.class);
			return (me != null && "user".equals(me.role())) ? Optional.of(UserName.of(me.name())) : Optional.empty();
		}
		catch (HttpClientErrorException ex) {
			return Optional.empty();
		}
		catch (RestClientException ex) {
			log.warn("Cannot check a user token with CreditManager: {}", ex.getMessage());
			return Optional.empty();
		}
	}

	private record Answer(Optional<UserName> user, Instant until) {
	}

	/**
	 * CreditManager's answer.
	 *
	 * @param name the user, or "admin"
	 * @param role "user" or "admin"
	 */
	record Me(String name, String role) {
	}

}
