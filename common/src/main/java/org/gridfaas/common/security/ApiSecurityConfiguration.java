package org.gridfaas.common.security;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.catalina.core.StandardHost;
import tools.jackson.databind.json.JsonMapper;

import org.gridfaas.common.GridfaasProperties;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.common.web.ProblemErrorReportValve;
import org.gridfaas.common.web.ProblemType;
import org.gridfaas.common.web.Problems;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Token security for both services: stateless, bearer tokens only, problem+json for 401
 * and 403. Health and info are open; Prometheus needs the metrics token (or the admin's);
 * everything else needs an admin or user token, and each service adds its rules through
 * {@link ApiAccessRules} beans.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ ApiSecurityProperties.class, GridfaasProperties.class })
public class ApiSecurityConfiguration {

	@Bean
	AdminToken adminToken(ApiSecurityProperties properties, GridfaasProperties gridfaas) {
		String adminToken = properties.adminToken();
		if (adminToken == null || adminToken.isBlank()) {
			Path file = (properties.adminTokenFile() != null) ? properties.adminTokenFile()
					: gridfaas.home().resolve("admin.token");
			adminToken = TokenFile.readOrCreate(file, "admin");
		}
		return new AdminToken(adminToken.strip());
	}

	@Bean
	TokenDirectory tokenDirectory(AdminToken adminToken, ApiSecurityProperties properties,
			GridfaasProperties gridfaas) {
		Map<UserName, String> userTokens = new LinkedHashMap<>();
		properties.userTokens().forEach((user, token) -> userTokens.put(UserName.of(user), token));
		String metricsToken = properties.metricsToken();
		if (metricsToken == null || metricsToken.isBlank()) {
			metricsToken = TokenFile.readOrCreate((properties.metricsTokenFile() != null)
					? properties.metricsTokenFile() : gridfaas.home().resolve("metrics.token"), "metrics");
		}
		return TokenDirectory.of(adminToken.value(), metricsToken.strip(), userTokens);
	}

	@Bean
	BearerTokenAuthenticator bearerTokenAuthenticator(TokenDirectory tokens, ObjectProvider<UserTokens> userTokens) {
		return new BearerTokenAuthenticator(tokens, userTokens.orderedStream().toList());
	}

	/**
	 * A request the firewall refuses (a {@code ..} or an encoded {@code /} in its path,
	 * say) is answered 400 problem+json like any other bad input.
	 */
	@Bean
	RequestRejectedHandler problemRequestRejectedHandler(JsonMapper json) {
		return (request, response, rejected) -> {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			json.writeValue(response.getOutputStream(), Problems.of(HttpStatus.BAD_REQUEST, ProblemType.INVALID_INPUT,
					"The request's path or headers are not allowed"));
		};
	}

	/** Tomcat's own refusals as problem+json too ({@link ProblemErrorReportValve}). */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
		return (factory) -> factory.addContextCustomizers((context) -> {
			if (context.getParent() instanceof StandardHost host) {
				host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
			}
		});
	}

	@Bean
	SecurityFilterChain apiSecurityFilterChain(HttpSecurity http, BearerTokenAuthenticator authenticator,
			JsonMapper json, ObjectProvider<ApiAccessRules> serviceRules) {
		ProblemResponses problems = new ProblemResponses(json);
		AuthenticationFilter bearer = new AuthenticationFilter(new ProviderManager(authenticator), authenticator);
		bearer.setFailureHandler(new AuthenticationEntryPointFailureHandler(problems));
		bearer.setSuccessHandler((request, response, authentication) -> {
		});
		http.csrf((csrf) -> csrf.disable())
			.httpBasic((basic) -> basic.disable())
			.formLogin((form) -> form.disable())
			.logout((logout) -> logout.disable())
			.requestCache((cache) -> cache.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.addFilterBefore(bearer, BasicAuthenticationFilter.class)
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			.authorizeHttpRequests((rules) -> {
				rules.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/error")
					.permitAll();
				// Every user's balance is in the metrics: the scraper's or the admin's
				// token only.
				rules.requestMatchers("/actuator/prometheus").hasAnyRole("ADMIN", "METRICS");
				serviceRules.orderedStream().forEach((serviceRule) -> serviceRule.apply(rules));
				rules.anyRequest().hasAnyRole("ADMIN", "USER");
			});
		return http.build();
	}

}
