package org.gridfaas.common.web;

import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.gridfaas.common.GridfaasApiConfiguration;
import org.gridfaas.common.money.Grc;
import org.gridfaas.common.money.GrcSign;
import org.gridfaas.common.money.GrcSign.Sign;
import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.common.security.ApiAccessRules;
import org.gridfaas.common.security.OwnerOrAdmin;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A minimal service that uses the shared API conventions the way both real services do:
 * per-user resources under {@code /api/v1/accounts/{user}} and validated money in bodies.
 */
@SpringBootApplication
@Import(GridfaasApiConfiguration.class)
class SampleApi {

	@Bean
	ApiAccessRules sampleRules() {
		return (rules) -> rules.requestMatchers("/api/v1/accounts/{user}", "/api/v1/accounts/{user}/**")
			.access(OwnerOrAdmin.pathVariable("user"));
	}

	@RestController
	static class SampleAccounts {

		@GetMapping("/api/v1/accounts/{user}")
		Map<String, Object> account(@PathVariable UserName user) {
			return Map.of("user", user, "balance", Grc.ZERO);
		}

		@PostMapping("/api/v1/accounts/{user}/deposits")
		DepositRequest deposit(@PathVariable UserName user, @Valid @RequestBody DepositRequest deposit) {
			return deposit;
		}

	}

	record DepositRequest(@NotNull @GrcSign(Sign.POSITIVE) Grc amount, FunctionName function) {
	}

}
