package org.gridfaas.common.web;

import org.gridfaas.common.api.WhoAmI;
import org.gridfaas.common.security.ApiPrincipal;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/me}: which principal a token is, to check a token without side
 * effects.
 */
@RestController
class WhoAmIController {

	@GetMapping("/api/v1/me")
	WhoAmI me(@AuthenticationPrincipal ApiPrincipal principal) {
		return new WhoAmI(principal.name(), principal.isAdmin() ? "admin" : "user");
	}

}
