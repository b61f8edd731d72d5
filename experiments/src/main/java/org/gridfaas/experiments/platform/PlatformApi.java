package org.gridfaas.experiments.platform;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform as the experiment sees it: ContainerManager's and CreditManager's REST
 * APIs, called with the admin token. Nothing else: no files, no cgroups, no database.
 */
public final class PlatformApi {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final URI containerManager;

	private final URI creditManager;

	private final String token;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	public PlatformApi(URI containerManager, URI creditManager, String token) {
		this.containerManager = withoutTrailingSlash(containerManager);
		this.creditManager = withoutTrailingSlash(creditManager);
		this.token = token;
	}

	/** Fails with a readable message unless both services answer as healthy. */
	public void requireHealthy() {
		for (URI service : List.of(this.containerManager, this.creditManager)) {
			JsonNode health = call(service, "GET", "/actuator/health", null, 200, 503);
			if (!"UP".equals(health.path("status").asString())) {
				throw new PlatformException(service + " is not healthy: " + health);
			}
		}
	}

	public void openAccount(String user, String policy, BigDecimal minBalance, BigDecimal maxDebt) {
		Map<String, Object> body = Map.of("policy", policy, "minBalance", minBalance, "maxDebt", maxDebt);
		call(this.creditManager, "PUT", "/api/v1/accounts/" + user, body, 200, 201);
	}

	/**
	 * Deposits through the local wallet; the key makes a retried deposit count once.
	 * @return whether it is credited already (else it is pending confirmation)
	 */
	public boolean deposit(String user, BigDecimal amount, String key) {
		HttpRequest request = request(this.creditManager, "POST", "/api/v1/accounts/" + user + "/deposits",
				Map.of("amount", amount))
			.header("Idempotency-Key", key)
			.build();
		HttpResponse<String> response = send(request);
		int status = response.statusCode();
		if (status != 200 && status != 201 && status != 202) {
			throw refused(request, response);
		}
		return status != 202;
	}

	/** Publishes a function whose task script is {@code script}. */
	public void publishFunction(String name, String owner, String script, Map<String, Object> settings) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", name);
		body.put("owner", owner);
		body.put("script", script);
		body.put("settings", settings);
		call(this.containerManager, "POST", "/api/v1/functions", body, 201);
	}

	public void submitTask(String function, String task) {
		call(this.containerManager, "POST",
				"/api/v1/functions/" + function + "/tasks?name=" + URLEncoder.encode(task, StandardCharsets.UTF_8), "",
				201);
	}

	public List<TaskSummary> tasks(String function, String state) {
		List<TaskSummary> tasks = new ArrayList<>();
		String query = (state != null) ? "?state=" + state : "";
		for (JsonNode task : call(this.containerManager, "GET", "/api/v1/functions/" + function + "/tasks" + query,
				null, 200)) {
			tasks.add(new TaskSummary(task.get("id").asString(), task.get("state").asString(),
					task.get("attempts").asInt(), task.get("failures").asInt()));
		}
		return tasks;
	}

	public List<RunningContainer> runningContainers() {
		List<RunningContainer> containers = new ArrayList<>();
		for (JsonNode container : call(this.containerManager, "GET", "/api/v1/containers", null, 200)) {
			containers.add(new RunningContainer(container.get("name").asString(), container.get("instance").asString(),
					container.get("limit").asInt(), container.get("cpuSeconds").decimalValue(),
					container.get("restricted").asBoolean(), strings(container.get("runningTasks"))));
		}
		return containers;
	}

	public List<StoppedContainer> stoppedContainers() {
		List<StoppedContainer> containers = new ArrayList<>();
		for (JsonNode container : call(this.containerManager, "GET", "/api/v1/containers/stopped", null, 200)) {
			containers.add(new StoppedContainer(container.get("name").asString(), container.get("instance").asString(),
					Instant.parse(container.get("stoppedAt").asString()), container.get("reason").asString(),
					container.get("cpuSeconds").decimalValue(), strings(container.get("runningTasks")),
					container.get("restricted").asBoolean()));
		}
		return containers;
	}

	/** Stops a container, its running tasks going back to pending. */
	public void stopContainer(String name) {
		call(this.containerManager, "POST", "/api/v1/containers/" + name + "/stop?requeue=true", "", 200);
	}

	public Standing standing(String user) {
		JsonNode standing = call(this.creditManager, "GET", "/api/v1/accounts/" + user, null, 200);
		return new Standing(standing.get("balance").decimalValue(), standing.get("maxDebt").decimalValue(),
				standing.get("status").asString());
	}

	public Usage usage(String user) {
		JsonNode usage = call(this.creditManager, "GET", "/api/v1/accounts/" + user + "/usage", null, 200);
		return new Usage(usage.get("measuredCpuSeconds").decimalValue(), usage.get("billedSeconds").decimalValue(),
				usage.get("charged").decimalValue(), usage.get("pending").decimalValue(),
				usage.get("vcoreSecondsPerGrc").decimalValue());
	}

	private JsonNode call(URI service, String method, String path, Object body, int... expected) {
		HttpRequest request = request(service, method, path, body).build();
		HttpResponse<String> response = send(request);
		for (int status : expected) {
			if (response.statusCode() == status) {
				return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
			}
		}
		throw refused(request, response);
	}

	private HttpRequest.Builder request(URI service, String method, String path, Object body) {
		HttpRequest.BodyPublisher publisher = (body == null) ? HttpRequest.BodyPublishers.noBody()
				: HttpRequest.BodyPublishers
					.ofString((body instanceof String text) ? text : JSON.writeValueAsString(body));
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(service + path))
			.timeout(TIMEOUT)
			.method(method, publisher)
			.header("Authorization", "Bearer " + this.token)
			.header("Accept", "application/json");
		if (body != null && !(body instanceof String)) {
			builder.header("Content-Type", "application/json");
		}
		return builder;
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (ConnectException ex) {
			throw new PlatformException("Nothing answers at " + request.uri().resolve("/")
					+ " - is the platform running? (deployment/single-node/deploy.sh start)", ex);
		}
		catch (IOException ex) {
			throw new PlatformException(request.method() + " " + request.uri() + " failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PlatformException("Interrupted during " + request.method() + " " + request.uri(), ex);
		}
	}

	private static PlatformException refused(HttpRequest request, HttpResponse<String> response) {
		String why = response.body();
		try {
			JsonNode problem = JSON.readTree(response.body());
			if (problem.has("title")) {
				why = problem.get("title").asString()
						+ (problem.has("detail") ? ": " + problem.get("detail").asString() : "");
			}
		}
		catch (RuntimeException ex) {
			// not problem+json: the body as it is says more than nothing
		}
		if (response.statusCode() == 401) {
			why += " (is the admin token right? deploy.sh keeps it in $GRIDFAAS_HOME/admin.token)";
		}
		return new PlatformException(
				request.method() + " " + request.uri() + " answered " + response.statusCode() + ": " + why);
	}

	private static List<String> strings(JsonNode array) {
		List<String> values = new ArrayList<>();
		if (array != null) {
			array.forEach((value) -> values.add(value.asString()));
		}
		return values;
	}

	private static URI withoutTrailingSlash(URI uri) {
		String text = uri.toString();
		return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
	}

	/** A task and how it went. */
	public record TaskSummary(String id, String state, int attempts, int failures) {
	}

	/**
	 * A running container: its CPU limit (shares) and cumulative CPU seconds, read from
	 * its cgroup.
	 */
	public record RunningContainer(String name, String instance, int limit, BigDecimal cpuSeconds, boolean restricted,
			List<String> runningTasks) {
	}

	/** A stopped instance with its final CPU reading and the reason it stopped. */
	public record StoppedContainer(String name, String instance, Instant stoppedAt, String reason,
			BigDecimal cpuSeconds, List<String> runningTasks, boolean restricted) {
	}

	/** A user's balance, debt limit and status. */
	public record Standing(BigDecimal balance, BigDecimal maxDebt, String status) {
	}

	/**
	 * What CreditManager metered for a user: CPU-seconds it read, CPU-seconds billed, GRC
	 * charged, GRC owed but below one minimum charge, and the price.
	 */
	public record Usage(BigDecimal measuredCpuSeconds, BigDecimal billedSeconds, BigDecimal charged, BigDecimal pending,
			BigDecimal vcoreSecondsPerGrc) {
	}

}
