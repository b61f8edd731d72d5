package org.gridfaas.common.security;

import java.util.Optional;

import org.gridfaas.common.naming.UserName;

/**
 * Who made an API call: the operator (admin token) or one user (that user's token).
 *
 * @param user the user, or {@code null} for the admin
 */
public record ApiPrincipal(UserName user) {

	/** The principal of the admin token. */
	public static final ApiPrincipal ADMIN = new ApiPrincipal(null);

	public static ApiPrincipal user(UserName user) {
		return new ApiPrincipal(user);
	}

	public boolean isAdmin() {
		return this.user == null;
	}

	/** Whether this principal may see and act on the given user's data. */
	public boolean mayActFor(UserName owner) {
		return isAdmin() || this.user.equals(owner);
	}

	public Optional<UserName> asUser() {
		return Optional.ofNullable(this.user);
	}

	/** "admin" or the user name; what logs and audit fields show. */
	public String name() {
		return isAdmin() ? "admin" : this.user.value();
	}

	@Override
	public String toString() {
		return name();
	}

}
