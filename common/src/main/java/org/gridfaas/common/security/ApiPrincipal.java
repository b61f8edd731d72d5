package org.gridfaas.common.security;

import java.util.Optional;

import org.gridfaas.common.naming.UserName;

/**
 * Who made an API call: the operator (admin token), one user (that user's token), or the
 * metrics scraper (its token reads {@code /actuator/prometheus} and nothing else).
 *
 * @param user the user, or {@code null} for the admin and the scraper
 * @param scraper whether this is the metrics scraper
 */
public record ApiPrincipal(UserName user, boolean scraper) {

	/** The principal of the admin token. */
	public static final ApiPrincipal ADMIN = new ApiPrincipal(null, false);

	/** The principal of the metrics token. */
	public static final ApiPrincipal SCRAPER = new ApiPrincipal(null, true);

	public static ApiPrincipal user(UserName user) {
		return new ApiPrincipal(user, false);
	}

	public boolean isAdmin() {
		return this.user == null && !this.scraper;
	}

	/** Whether this principal may see and act on the given user's data. */
	public boolean mayActFor(UserName owner) {
		return isAdmin() || (this.user != null && this.user.equals(owner));
	}

	public Optional<UserName> asUser() {
		return Optional.ofNullable(this.user);
	}

	/** "admin" or the user name; what logs and audit fields show. */
	public String name() {
		return isAdmin() ? "admin" : this.scraper ? "metrics" : this.user.value();
	}

	@Override
	public String toString() {
		return name();
	}

}
