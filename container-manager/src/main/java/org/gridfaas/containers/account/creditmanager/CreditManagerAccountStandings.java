package org.gridfaas.containers.account.creditmanager;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.gridfaas.common.api.AccountStanding;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.containers.account.AccountStandings;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Standings from CreditManager's REST API, reused for a short while so a busy dispatcher
 * does not ask once per task. Reading is safe to repeat, so a failed call is retried once
 * before the standing counts as unavailable.
 */
class CreditManagerAccountStandings implements AccountStandings {

	private final RestClient client;

	private final CreditManagerProperties properties;

	private final Clock clock;

	private final Map<UserName, Cached> cache = new ConcurrentHashMap<>();

	CreditManagerAccountStandings(RestClient.Builder builder, CreditManagerProperties properties, String adminToken,
			Clock clock) {
		HttpClient http = HttpClient.newBuilder().connectTimeout(properties.connectTimeout()).build();
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
		requests.setReadTimeout(properties.readTimeout());
		this.client = builder.baseUrl(properties.url().toString())
			.requestFactory(requests)
			.defaultHeader("Authorization", "Bearer " + adminToken)
			.build();
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public AccountStanding standing(UserName user) {
		Instant now = this.clock.instant();
		Cached cached = this.cache.get(user);
		if (cached != null && cached.until.isAfter(now)) {
			return cached.standing;
		}
		AccountStanding standing = fetchWithOneRetry(user);
		this.cache.put(user, new Cached(standing, now.plus(this.properties.cacheFor())));
		return standing;
	}

	private AccountStanding fetchWithOneRetry(UserName user) {
		try {
			return fetch(user);
		}
		catch (StandingUnavailableException first) {
			return fetch(user);
		}
	}

	private AccountStanding fetch(UserName user) {
		try {
			AccountStanding standing = this.client.get()
				.uri("/api/v1/accounts/{user}", user.value())
				.retrieve()
				.body(AccountStanding.class);
			if (standing == null) {
				throw new StandingUnavailableException("CreditManager sent an empty standing for " + user, null);
			}
			return standing;
		}
		catch (HttpClientErrorException ex) {
			if (ex.getStatusCode() == HttpStatus.NOT_FOUND) {
				throw new NoAccountException(user);
			}
			throw new StandingUnavailableException(
					"CreditManager refused the standing of " + user + " (" + ex.getStatusCode() + ")", ex);
		}
		catch (RestClientException ex) {
			throw new StandingUnavailableException(
					"CreditManager at " + this.properties.url() + " is unavailable: " + ex.getMessage(), ex);
		}
	}

	private record Cached(AccountStanding standing, Instant until) {
	}

}
