package org.gridfaas.common.security;

import java.util.Optional;

import org.gridfaas.common.naming.UserName;

/**
 * Users' tokens beyond those in configuration: CreditManager keeps them with the
 * accounts, ContainerManager asks CreditManager. Consulted for a bearer token that is not
 * the admin's and not configured.
 */
public interface UserTokens {

	/** The user a token belongs to, if any. */
	Optional<UserName> userOf(String token);

}
