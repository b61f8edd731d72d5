package org.gridfaas.experiments.platform;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;

import org.gridfaas.common.api.ApiClients;
import org.gridfaas.common.api.ContainerManagerApi;
import org.gridfaas.common.api.CreditManagerApi;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

/**
 * The platform as the experiment sees it: ContainerManager's and CreditManager's REST
 * APIs, through their declared clients, called with the admin token. Nothing else: no
 * files, no cgroups, no database.
 */
public final class PlatformApi {

	private static final ApiClients.Timeouts TIMEOUTS = new ApiClients.Timeouts(Duration.ofSeconds(5),
			Duration.ofSeconds(30));

	private final ContainerManagerApi containerManager;

	private final CreditManagerApi creditManager;

	private final URI containerManagerUrl;

	private final URI creditManagerUrl;

	public PlatformApi(URI containerManager, URI creditManager, String token) {
		this.containerManagerUrl = containerManager;
		this.creditManagerUrl = creditManager;
		this.containerManager = ApiClients.create(ContainerManagerApi.class, RestClient.builder(), containerManager,
				token, TIMEOUTS);
		this.creditManager = ApiClients.create(CreditManagerApi.class, RestClient.builder(), creditManager, token,
				TIMEOUTS);
	}

	/** Fails with a readable message unless both services answer as healthy. */
	public void requireHealthy() {
		requireUp(this.containerManagerUrl, "ContainerManager", this.containerManager::health);
		requireUp(this.creditManagerUrl, "CreditManager", this.creditManager::health);
	}

	private static void requireUp(URI url, String service, Supplier<JsonNode> health) {
		JsonNode answer;
		try {
			answer = call(url, "ask " + service + " for its health", health);
		}
		catch (PlatformException ex) {
			if (ex.getCause() instanceof HttpStatusCodeException refused
					&& refused.getStatusCode() == HttpStatus.SERVICE_UNAVAILABLE) {
				throw new PlatformException(service + " is not healthy: " + refused.getResponseBodyAsString(), ex);
			}
			throw ex;
		}
		if (!"UP".equals(answer.path("status").asString())) {
			throw new PlatformException(service + " is not healthy: " + answer);
		}
	}

	public void openAccount(String user, String policy, BigDecimal minBalance, BigDecimal maxDebt) {
		Map<String, Object> body = Map.of("policy", policy, "minBalance", minBalance, "maxDebt", maxDebt);
		call(this.creditManagerUrl, "open the account of " + user, () -> this.creditManager.putAccount(user, body));
	}

	/**
	 * Deposits through the local wallet; the key makes a retried deposit count once.
	 * @return whether it is credited already (else it is pending confirmation)
	 */
	public boolean deposit(String user, BigDecimal amount, String key) {
		return call(this.creditManagerUrl, "deposit " + amount + " GRC for " + user,
				() -> this.creditManager.deposit(user, key, Map.of("amount", amount)))
			.getStatusCode() != HttpStatus.ACCEPTED;
	}

	/** Publishes a function whose task script is {@code script}. */
	public void publishFunction(String name, String owner, String script, Map<String, Object> settings) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", name);
		body.put("owner", owner);
		body.put("script", script);
		body.put("settings", settings);
		call(this.containerManagerUrl, "publish function " + name, () -> this.containerManager.publishFunction(body));
	}

	public void submitTask(String function, String task) {
		call(this.containerManagerUrl, "submit task " + task + " of " + function,
				() -> this.containerManager.submitTask(function, task));
	}

	public List<TaskSummary> tasks(String function, String state) {
		List<TaskSummary> tasks = new ArrayList<>();
		for (JsonNode task : call(this.containerManagerUrl, "list the tasks of " + function,
				() -> this.containerManager.tasks(function, state))) {
			tasks.add(new TaskSummary(task.get("id").asString(), task.get("state").asString(),
					task.get("attempts").asInt(), task.get("failures").asInt()));
		}
		return tasks;
	}

	public List<RunningContainer> runningContainers() {
		return call(this.containerManagerUrl, "list the running containers", this.containerManager::containers).stream()
			.map((container) -> new RunningContainer(container.name().value(), container.instance(),
					container.limit().value(), container.cpuSeconds(), container.restricted(),
					List.copyOf(container.runningTasks())))
			.toList();
	}

	public List<StoppedContainer> stoppedContainers() {
		return call(this.containerManagerUrl, "list the stopped containers", this.containerManager::stoppedContainers)
			.stream()
			.map((container) -> new StoppedContainer(container.name().value(), container.instance(),
					container.stoppedAt(), container.reason(), container.cpuSeconds(), container.runningTasks(),
					container.restricted()))
			.toList();
	}

	/**
	 * Stops a container, its running tasks going back to pending; the reason is logged.
	 */
	public void stopContainer(String name, String reason) {
		call(this.containerManagerUrl, "stop container " + name, () -> this.containerManager.stop(name, true, reason));
	}

	public Standing standing(String user) {
		var standing = call(this.creditManagerUrl, "read the standing of " + user,
				() -> this.creditManager.standing(user));
		return new Standing(standing.balance().amount(), standing.maxDebt().amount(), standing.status().name());
	}

	public Usage usage(String user) {
		JsonNode usage = call(this.creditManagerUrl, "read the usage of " + user, () -> this.creditManager.usage(user));
		return new Usage(usage.get("measuredCpuSeconds").decimalValue(), usage.get("billedSeconds").decimalValue(),
				usage.get("charged").decimalValue(), usage.get("pending").decimalValue(),
				usage.get("vcoreSecondsPerGrc").decimalValue());
	}

	/** Makes one call; what went wrong becomes a message a person can act on. */
	private static <T> T call(URI service, String what, Supplier<T> call) {
		try {
			return call.get();
		}
		catch (ResourceAccessException ex) {
			throw new PlatformException("Cannot " + what + ": Nothing answers at " + service
					+ " - is the platform running? (deployment/single-node/deploy.sh start)", ex);
		}
		catch (RestClientResponseException ex) {
			String hint = (ex.getStatusCode().value() == 401)
					? " (is the admin token right? deploy.sh keeps it in $GRIDFAAS_HOME/admin.token)" : "";
			throw new PlatformException("Cannot " + what + ": " + ApiClients.describe(ex) + hint, ex);
		}
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
