package org.gridfaas.credit.account;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import org.gridfaas.common.naming.UserName;
import org.gridfaas.common.security.TokenDirectory;
import org.gridfaas.common.security.UserTokens;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Users' API tokens, kept with their accounts as SHA-256 digests. Issuing a token
 * replaces the previous one, which stops working at once.
 */
@Component
class AccountTokens implements UserTokens {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcClient jdbc;

	AccountTokens(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Issues a new token for an existing account.
	 * @return the token, which is not kept and cannot be shown again
	 */
	String issue(UserName user) {
		byte[] secret = new byte[32];
		RANDOM.nextBytes(secret);
		String token = "gfu_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		this.jdbc.sql("update account set token_sha256 = ? where user_id = ?")
			.params(TokenDirectory.digest(token), user.value())
			.update();
		return token;
	}

	@Override
	public Optional<UserName> userOf(String token) {
		return this.jdbc.sql("select user_id from account where token_sha256 = ?")
			.param(TokenDirectory.digest(token.strip()))
			.query(String.class)
			.optional()
			.map(UserName::of);
	}

}
