package org.gridfaas.containers.scaling.serverlesscontainers;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.gridfaas.containers.scaling.Limits;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * The ServerlessContainers Orchestrator's REST API, as it answers: success is HTTP 200
 * with the JSON body {@code 201}; an error is 400 or 404 with {@code {"message": ...}}.
 */
class OrchestratorClient {

	private final RestClient http;

	private final URI base;

	private final JsonMapper json;

	OrchestratorClient(URI base, Duration timeout, JsonMapper json) {
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(timeout).build());
		requests.setReadTimeout(timeout);
		this.http = RestClient.builder().baseUrl(base.toString()).requestFactory(requests).build();
		this.base = base;
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
		send(HttpMethod.DELETE, "/structure/container/" + container, null);
	}

	private void put(String path, Object body) {
		send(HttpMethod.PUT, path, body);
	}

	private void send(HttpMethod method, String path, Object body) {
		String what = method + " " + path;
		RestClient.RequestBodySpec request = this.http.method(method).uri(path);
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).body(this.json.writeValueAsString(body));
		}
		Answer answer;
		try {
			// The Orchestrator's status alone does not say success, so every answer is
			// read.
			answer = request.exchange((sent, response) -> new Answer(response.getStatusCode().value(),
					new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8)));
		}
		catch (RestClientException ex) {
			throw new OrchestratorException("Orchestrator at " + this.base + " unreachable for " + what, ex);
		}
		if (answer.status() == 200 && "201".equals(answer.body().strip())) {
			return;
		}
		throw new OrchestratorException(what + " failed (" + answer.status() + "): " + messageOf(answer.body()));
	}

	private record Answer(int status, String body) {
	}

	private String messageOf(String answer) {
		try {
			JsonNode body = this.json.readTree(answer);
			if (body != null && body.has("message")) {
				return body.get("message").asString();
			}
		}
		catch (JacksonException ex) {
			// not JSON: report the raw answer below
		}
		String raw = answer.strip();
		return raw.isEmpty() ? "no message" : "unexpected answer " + raw.substring(0, Math.min(200, raw.length()));
	}

}
