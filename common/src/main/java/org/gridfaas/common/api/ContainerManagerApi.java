package org.gridfaas.common.api;

import java.util.List;

import tools.jackson.databind.JsonNode;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.DeleteExchange;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;
import org.springframework.web.service.annotation.PutExchange;

/**
 * ContainerManager's REST API, declared once for every client of it: CreditManager (usage
 * and enforcement), the experiment runner and the system tests. {@link ApiClients} makes
 * a client of it. The contracts between the services have their own records; functions
 * and tasks, which only people and tools read, travel as JSON trees.
 */
@HttpExchange(accept = "application/json")
public interface ContainerManagerApi extends ServiceHealth {

	/** Whom the token (sent in place of the client's own) belongs to. */
	@GetExchange("/api/v1/me")
	WhoAmI me(@RequestHeader("Authorization") String authorization);

	/**
	 * Usage records after a cursor of a log instance; {@code log} empty for the first
	 * read.
	 */
	@GetExchange("/api/v1/usage")
	UsagePage usage(@RequestParam long after, @RequestParam String log, @RequestParam int limit);

	/** Lets the log drop what CreditManager has stored; 409 for another log's cursor. */
	@PutExchange(url = "/api/v1/usage/acknowledged", contentType = "application/json")
	UsageAcknowledgement acknowledgeUsage(@RequestBody UsageAcknowledgement acknowledgement);

	@GetExchange("/api/v1/containers")
	List<ContainerView> containers();

	@GetExchange("/api/v1/containers/stopped")
	List<StoppedContainer> stoppedContainers();

	@PutExchange("/api/v1/containers/{name}/restriction")
	ContainerRestriction restrict(@PathVariable String name);

	@DeleteExchange("/api/v1/containers/{name}/restriction")
	ContainerRestriction lift(@PathVariable String name);

	@PostExchange("/api/v1/containers/{name}/stop")
	ContainerStop stop(@PathVariable String name, @RequestParam boolean requeue,
			@RequestParam(required = false) String reason);

	/**
	 * Publishes a function: {@code name}, {@code owner}, {@code script},
	 * {@code settings}.
	 */
	@PostExchange(url = "/api/v1/functions", contentType = "application/json")
	JsonNode publishFunction(@RequestBody Object function);

	@GetExchange("/api/v1/functions/{function}")
	JsonNode function(@PathVariable String function);

	/** Submits a task with an empty body; its input already sits in the object store. */
	@PostExchange("/api/v1/functions/{function}/tasks")
	JsonNode submitTask(@PathVariable String function, @RequestParam String name);

	/** The function's tasks, of one state or (with {@code null}) all. */
	@GetExchange("/api/v1/functions/{function}/tasks")
	JsonNode tasks(@PathVariable String function, @RequestParam(required = false) String state);

	@GetExchange("/api/v1/functions/{function}/tasks/{task}")
	ResponseEntity<JsonNode> task(@PathVariable String function, @PathVariable String task);

}
