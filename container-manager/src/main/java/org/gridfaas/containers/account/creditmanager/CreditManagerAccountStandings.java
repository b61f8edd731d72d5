package org.gridfaas.containers.account.creditmanager;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import org.gridfaas.common.api.AccountStanding;
import org.gridfaas.common.api.CreditManagerApi;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.common.retry.ReadRetries;
import org.gridfaas.containers.account.AccountStandings;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClientException;

/**
 * Standings from CreditManager's REST API, kept for {@code cache-for} so a busy
 * dispatcher does not ask once per task. Reading is safe to repeat, so a call that fails
 * is tried again before the standing counts as unavailable.
 */
class CreditManagerAccountStandings implements AccountStandings {

	private static final int MAX_CACHED = 10_000;

	private final CreditManagerApi creditManager;

	private final CreditManagerProperties properties;

	private final ReadRetries retries = ReadRetries.on(StandingUnavailableException.class);

	private final Cache<UserName, AccountStanding> cache;

	CreditManagerAccountStandings(CreditManagerApi creditManager, CreditManagerProperties properties, Ticker ticker) {
		this.creditManager = creditManager;
		this.properties = properties;
		this.cache = Caffeine.newBuilder()
			.maximumSize(MAX_CACHED)
			.expireAfterWrite(properties.cacheFor())
			.ticker(ticker)
			.build();
	}

	@Override
	public AccountStanding standing(UserName user) {
		return this.cache.get(user, (key) -> this.retries.read(() -> fetch(key)));
	}

	private AccountStanding fetch(UserName user) {
		try {
			AccountStanding standing = this.creditManager.standing(user.value());
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

}
