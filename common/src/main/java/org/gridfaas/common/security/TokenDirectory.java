package org.gridfaas.common.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import org.gridfaas.common.naming.UserName;

/**
 * Resolves bearer tokens to principals. Only SHA-256 digests of the tokens are held, so a
 * heap dump or a stray {@code toString} shows no token, and a lookup by digest gives a
 * timing side channel nothing to work with.
 */
public final class TokenDirectory {

	/**
	 * Shorter tokens are guessable; 16 characters of a random token are about 96 bits.
	 */
	public static final int MIN_TOKEN_LENGTH = 16;

	private final Map<String, ApiPrincipal> principalsByDigest;

	private TokenDirectory(Map<String, ApiPrincipal> principalsByDigest) {
		this.principalsByDigest = Map.copyOf(principalsByDigest);
	}

	/**
	 * A directory of the admin token and the given user tokens.
	 * @throws IllegalArgumentException when a token is too short or two principals share
	 * one
	 */
	public static TokenDirectory of(String adminToken, Map<UserName, String> userTokens) {
		return of(adminToken, null, userTokens);
	}

	/** A directory of the admin token, the metrics token (if any) and the user tokens. */
	public static TokenDirectory of(String adminToken, String metricsToken, Map<UserName, String> userTokens) {
		Map<String, ApiPrincipal> byDigest = new HashMap<>();
		add(byDigest, adminToken, ApiPrincipal.ADMIN);
		if (metricsToken != null) {
			add(byDigest, metricsToken, ApiPrincipal.SCRAPER);
		}
		userTokens.forEach((user, token) -> add(byDigest, token, ApiPrincipal.user(user)));
		return new TokenDirectory(byDigest);
	}

	private static void add(Map<String, ApiPrincipal> byDigest, String token, ApiPrincipal principal) {
		if (token == null || token.strip().length() < MIN_TOKEN_LENGTH) {
			throw new IllegalArgumentException(
					"the token of " + principal.name() + " must be at least " + MIN_TOKEN_LENGTH + " characters");
		}
		ApiPrincipal previous = byDigest.putIfAbsent(digest(token.strip()), principal);
		if (previous != null) {
			throw new IllegalArgumentException(
					principal.name() + " and " + previous.name() + " have the same token; give each its own");
		}
	}

	/** The principal a token belongs to, if any. */
	public Optional<ApiPrincipal> lookup(String token) {
		return Optional.ofNullable(this.principalsByDigest.get(digest(token.strip())));
	}

	/** The SHA-256 of a token, in hex: what is stored instead of the token. */
	public static String digest(String token) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(sha256.digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
		}
	}

	@Override
	public String toString() {
		return "TokenDirectory[" + this.principalsByDigest.size() + " tokens]";
	}

}
