package org.gridfaas.common.security;

import java.util.function.Supplier;

import org.gridfaas.common.InvalidValueException;
import org.gridfaas.common.naming.UserName;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Grants a request when the token is the admin's or belongs to the user named in a path
 * variable, e.g. {@code /api/v1/accounts/{user}/**}: a user sees and acts on its own data
 * only. A path variable that is not a valid user name is left to the controller, which
 * answers 400.
 */
public final class OwnerOrAdmin implements AuthorizationManager<RequestAuthorizationContext> {

	private final String variable;

	private OwnerOrAdmin(String variable) {
		this.variable = variable;
	}

	/** Checks the path variable with the given name. */
	public static OwnerOrAdmin pathVariable(String variable) {
		return new OwnerOrAdmin(variable);
	}

	@Override
	public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
			RequestAuthorizationContext context) {
		if (!(authentication.get() instanceof TokenAuthentication token)) {
			return new AuthorizationDecision(false);
		}
		if (token.getPrincipal().isAdmin()) {
			return new AuthorizationDecision(true);
		}
		String owner = context.getVariables().get(this.variable);
		try {
			return new AuthorizationDecision(owner != null && token.getPrincipal().mayActFor(UserName.of(owner)));
		}
		catch (InvalidValueException ex) {
			// Not a user name, so no one's data: let the controller reject it with a 400.
			return new AuthorizationDecision(true);
		}
	}

}
