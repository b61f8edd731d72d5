package org.gridfaas.common.api;

import tools.jackson.databind.JsonNode;

import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;

/**
 * Either service's health, {@code GET /actuator/health}: {@code {"status": "UP"}} with
 * 200, or 503 with what is down.
 */
@HttpExchange(accept = "application/json")
public interface ServiceHealth {

	@GetExchange("/actuator/health")
	JsonNode health();

}
