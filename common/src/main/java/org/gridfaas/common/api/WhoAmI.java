package org.gridfaas.common.api;

/**
 * Who a token belongs to, as {@code GET /api/v1/me} answers on both services.
 *
 * @param name "admin" or the user name
 * @param role "admin" or "user"
 */
public record WhoAmI(String name, String role) {

	public boolean isUser() {
		return "user".equals(this.role);
	}

}
