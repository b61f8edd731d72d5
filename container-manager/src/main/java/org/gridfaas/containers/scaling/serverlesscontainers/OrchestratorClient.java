package org.gridfaas.containers.scaling.serverlesscontainers;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.gridfaas.containers.scaling.Limits;

/**
 * The ServerlessContainers Orchestrator's REST API, as it answers: success is HTTP 200
 * with the JSON body {@code 201}; an error is 400 or 404 with {@code {"message": ...}}.
 */
class OrchestratorClient {

	private final HttpClient http;

	private final URI base;

	private final Duration timeout;

	private final JsonMapper json;

	OrchestratorClient(URI base, Duration timeout, JsonMapper json) {
		this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
		this.base = base;
		this.timeout = timeout;
		this.json = json;
	}

	/**
	 * Subscribes a container: its layout with the CPU bounds, guarded (scaled) from now
	 * on.
	 */
	void subscribe(String container, String host, Limits limits, int current) {
		Map<String, Object> cpu = Map.of("max", limits.max().value(), "min", limits.min().value(), "current", current,
				"boundary", limits.boundary().value(), "guard", true);
		put("/structure/container/" + container, Map.of("host", host, "guard", true, "resources", Map.of("cpu", cpu)));
	}

	/** Puts a container in an application (gridfaas uses the function). */
	void joinApp(String container, String app) {
		put("/structure/container/" + container + "/" + app, null);
	}

	/** Scaling on for the structure. */
	void guard(String structure) {
		put("/structure/" + structure + "/guard", null);
	}

	/** Scaling off for the structure, e.g. while it is held at its floor. */
	void unguard(String structure) {
		put("/structure/" + structure + "/unguard", null);
	}

	/** Unsubscribes a container. */
	void unsubscribe(String container) {
		send(HttpRequest.newBuilder(this.base.resolve("/structure/container/" + container)).DELETE(),
				"DELETE /structure/container/" + container);
	}

	private void put(String path, Object body) {
		HttpRequest.BodyPublisher publisher = (body != null)
				? HttpRequest.BodyPublishers.ofString(this.json.writeValueAsString(body))
				: HttpRequest.BodyPublishers.noBody();
		send(HttpRequest.newBuilder(this.base.resolve(path)).header("Content-Type", "application/json").PUT(publisher),
				"PUT " + path);
	}

	private void send(HttpRequest.Builder request, String what) {
		HttpResponse<String> response;
		try {
			response = this.http.send(request.timeout(this.timeout).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new OrchestratorException("Orchestrator at " + this.base + " unreachable for " + what, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new OrchestratorException("Interrupted during " + what, ex);
		}
		if (response.statusCode() == 200 && "201".equals(response.body().strip())) {
			return;
		}
		throw new OrchestratorException(what + " failed (" + response.statusCode() + "): " + messageOf(response));
	}

	private String messageOf(HttpResponse<String> response) {
		try {
			JsonNode body = this.json.readTree(response.body());
			if (body != null && body.has("message")) {
				return body.get("message").asString();
			}
		}
		catch (JacksonException ex) {
			// not JSON: report the raw answer below
		}
		String raw = response.body().strip();
		return raw.isEmpty() ? "no message" : "unexpected answer " + raw.substring(0, Math.min(200, raw.length()));
	}

}
