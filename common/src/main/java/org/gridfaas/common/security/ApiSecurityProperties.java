package org.gridfaas.common.security;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the API's tokens come from. Tokens are secrets: they are never logged, and
 * {@link #toString()} leaves them out.
 *
 * @param adminToken the admin token for operators and service-to-service calls
 * ({@code GRIDFAAS_SECURITY_ADMINTOKEN}); when empty, it is read from
 * {@code adminTokenFile}, which is generated on first start if missing
 * @param adminTokenFile where the admin token is kept when not configured (default
 * {@code $GRIDFAAS_HOME/admin.token})
 * @param metricsToken the token Prometheus scrapes {@code /actuator/prometheus} with
 * ({@code GRIDFAAS_SECURITY_METRICSTOKEN}); when empty, it is read from
 * {@code metricsTokenFile}, generated on first start if missing
 * @param metricsTokenFile where the metrics token is kept when not configured (default
 * {@code $GRIDFAAS_HOME/metrics.token})
 * @param userTokens per-user tokens, user name to token; a user token acts only on that
 * user's own data ({@code GRIDFAAS_SECURITY_USERTOKENS_<USER>=<token>})
 */
@ConfigurationProperties("gridfaas.security")
public record ApiSecurityProperties(String adminToken, Path adminTokenFile, String metricsToken, Path metricsTokenFile,
		Map<String, String> userTokens) {

	public ApiSecurityProperties {
		userTokens = (userTokens != null) ? Map.copyOf(userTokens) : Map.of();
	}

	@Override
	public String toString() {
		return "ApiSecurityProperties[adminToken="
				+ ((adminToken != null && !adminToken.isBlank()) ? "(set)" : "(unset)") + ", adminTokenFile="
				+ this.adminTokenFile + ", metricsToken="
				+ ((metricsToken != null && !metricsToken.isBlank()) ? "(set)" : "(unset)") + ", userTokens="
				+ this.userTokens.keySet() + "]";
	}

}
