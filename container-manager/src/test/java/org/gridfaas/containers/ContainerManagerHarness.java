package org.gridfaas.containers;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.gridfaas.common.api.ApiClients;
import org.gridfaas.common.api.ContainerManagerApi;
import org.gridfaas.testing.S3ProxyServer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

/**
 * What the ContainerManager integration tests share: a real S3 server, a fake
 * CreditManager, a fresh home folder and cgroup parent, fast loop periods, and an HTTP
 * client.
 */
public final class ContainerManagerHarness {

	public static final String ADMIN_TOKEN = "admin-token-for-tests-0123456789";

	public static final String ALICE_TOKEN = "alice-token-for-tests-0123456789";

	public static final String BOB_TOKEN = "bob-token-for-tests-0123456789ab";

	public final S3ProxyServer s3 = S3ProxyServer.start();

	public final FakeCreditManager creditManager = new FakeCreditManager(ADMIN_TOKEN);

	public final Path home;

	public final String cgroupParent = "gridfaas-test-" + UUID.randomUUID().toString().substring(0, 8);

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	public int port;

	public ContainerManagerHarness() {
		try {
			// Private, as a provider's: the service lets only the task sandboxes pass.
			this.home = Files.createTempDirectory("gridfaas-cm-");
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	public void register(DynamicPropertyRegistry registry) {
		registry.add("gridfaas.home", this.home::toString);
		registry.add("gridfaas.security.admin-token", () -> ADMIN_TOKEN);
		registry.add("gridfaas.security.user-tokens.alice", () -> ALICE_TOKEN);
		registry.add("gridfaas.security.user-tokens.bob", () -> BOB_TOKEN);
		registry.add("gridfaas.object-store.endpoint", this.s3::endpoint);
		registry.add("gridfaas.object-store.access-key", this.s3::accessKey);
		registry.add("gridfaas.object-store.secret-key", this.s3::secretKey);
		registry.add("gridfaas.credit-manager.url", this.creditManager::url);
		registry.add("gridfaas.credit-manager.cache-for", () -> "0s");
		registry.add("gridfaas.runtime.kind", () -> "local");
		// A worker restarted under its name takes its old leases back at once.
		registry.add("gridfaas.node.name", () -> "test-worker");
		registry.add("gridfaas.runtime.cgroup-parent", () -> this.cgroupParent);
		registry.add("gridfaas.tasks.poll-interval", () -> "100ms");
		// Functions published through the API must reach the dispatcher at once, not at a
		// refresh.
		registry.add("gridfaas.tasks.functions-refresh", () -> "1h");
		registry.add("gridfaas.tasks.recovery-interval", () -> "1s");
		registry.add("gridfaas.functions.defaults.idle-timeout", () -> "2s");
		registry.add("gridfaas.scaling.window", () -> "1s");
		registry.add("gridfaas.functions.defaults.max-task-size", () -> "1KB");
	}

	/**
	 * Stops the servers and removes the test's cgroup parent; call once the service
	 * stopped.
	 */
	public void close() throws Exception {
		this.creditManager.close();
		this.s3.close();
		// Whatever a killed service left behind goes too, then the parent groups (the
		// containers' and the image builds').
		for (String parent : java.util.List.of(this.cgroupParent, this.cgroupParent + "-builds")) {
			removeCgroupParent(parent);
		}
	}

	/**
	 * Kills what runs under a cgroup parent (containers a killed service left) and
	 * removes it.
	 */
	public static void removeCgroupParent(String parent) throws java.io.IOException {
		{
			org.gridfaas.containers.cgroup.Cgroups
				.detect(Path.of("/sys/fs/cgroup"), parent, org.gridfaas.containers.cgroup.Cgroups.DEFAULT_PERIOD)
				.ifPresent((cgroups) -> cgroups.list()
					.forEach(
							(name) -> cgroups.find(name).ifPresent(org.gridfaas.containers.cgroup.CpuCgroup::destroy)));
			for (String hierarchy : java.util.List.of("cpu", "cpuacct", "memory", "pids")) {
				Files.deleteIfExists(Path.of("/sys/fs/cgroup", hierarchy, parent));
			}
			Files.deleteIfExists(Path.of("/sys/fs/cgroup", parent));
		}
	}

	/** ContainerManager's declared API, with the admin token. */
	public ContainerManagerApi api() {
		return api(this.port);
	}

	private static ContainerManagerApi api(int port) {
		return ApiClients.create(ContainerManagerApi.class, RestClient.builder(),
				URI.create("http://127.0.0.1:" + port), ADMIN_TOKEN, ApiClients.Timeouts.of(Duration.ofSeconds(30)));
	}

	/**
	 * A request as it is on the wire, for the tests of what the API answers to any
	 * request (statuses, problem+json, hostile bodies); everything else goes through
	 * {@link #api()}.
	 */
	public HttpResponse<String> send(String method, String path, String token, String contentType, byte[] body)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofByteArray(body)
					: HttpRequest.BodyPublishers.noBody());
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	public HttpResponse<String> json(String method, String path, String token, String body) throws Exception {
		return send(method, path, token, "application/json", (body != null) ? body.getBytes() : null);
	}

	public JsonNode read(HttpResponse<String> response) {
		return this.json.readTree(response.body());
	}

	/** Publishes a function owned by alice with the given script and settings JSON. */
	public void publish(String function, String script, String settings) throws Exception {
		publish(function, "alice", script, settings);
	}

	/** Publishes a function of alice's with a definition, to be built. */
	public void publishWithDefinition(String function, String script, String definition) throws Exception {
		try {
			api().publishFunction(
					java.util.Map.of("name", function, "owner", "alice", "script", script, "definition", definition));
		}
		catch (RestClientResponseException ex) {
			throw new AssertionError("publishing " + function + " gave " + ApiClients.describe(ex), ex);
		}
	}

	/** Waits until the function's image is in the state, or fails after the timeout. */
	public JsonNode awaitImage(String function, String state, Duration timeout) throws Exception {
		Instant deadline = Instant.now().plus(timeout);
		JsonNode last = null;
		while (Instant.now().isBefore(deadline)) {
			last = read(send("GET", "/api/v1/functions/" + function + "/image", ADMIN_TOKEN, null, null));
			if (state.equals(last.path("state").asString())) {
				return last;
			}
			if ("ready".equals(state) && "failed".equals(last.path("state").asString())) {
				throw new AssertionError("the image of " + function + " failed to build: " + last + "\n"
						+ send("GET", "/api/v1/functions/" + function + "/image/log", ADMIN_TOKEN, null, null).body());
			}
			Thread.sleep(100);
		}
		throw new AssertionError("the image of " + function + " did not become " + state + " within " + timeout
				+ "; last seen: " + last);
	}

	/** Publishes a function for the owner with the given script and settings JSON. */
	public void publish(String function, String owner, String script, String settings) throws Exception {
		try {
			api().publishFunction(java.util.Map.of("name", function, "owner", owner, "script", script, "settings",
					this.json.readTree(settings)));
		}
		catch (RestClientResponseException ex) {
			throw new AssertionError("publishing " + function + " gave " + ApiClients.describe(ex), ex);
		}
	}

	public JsonNode task(String function, String task) throws Exception {
		try {
			return api().task(function, task).getBody();
		}
		catch (HttpClientErrorException.NotFound ex) {
			return null;
		}
	}

	/** Waits until the task reaches the state, or fails after the timeout. */
	public JsonNode awaitTask(String function, String task, String state, Duration timeout) throws Exception {
		Instant deadline = Instant.now().plus(timeout);
		JsonNode last = null;
		while (Instant.now().isBefore(deadline)) {
			last = task(function, task);
			if (last != null && state.equals(last.get("state").asString())) {
				return last;
			}
			Thread.sleep(50);
		}
		throw new AssertionError("task " + function + "/" + task + " did not become " + state + " within " + timeout
				+ "; last seen: " + last);
	}

	/**
	 * Starts ContainerManager as a process of its own on this harness's servers, with its
	 * settings (as {@link #register}) changed by {@code overrides}, and waits until it
	 * answers on {@code port}.
	 */
	public Process launch(int port, java.util.Map<String, String> overrides, Path log) throws Exception {
		return launch(port, overrides, log, java.util.Map.of());
	}

	/**
	 * As {@link #launch(int, java.util.Map, Path)}, with variables added to its
	 * environment.
	 */
	public Process launch(int port, java.util.Map<String, String> overrides, Path log,
			java.util.Map<String, String> environment) throws Exception {
		String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		java.util.List<String> command = new java.util.ArrayList<>(
				java.util.List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp",
						classpath, "org.gridfaas.containers.ContainerManagerApplication", "--server.port=" + port));
		java.util.Map<String, String> properties = new java.util.LinkedHashMap<>();
		register(new DynamicPropertyRegistry() {
			@Override
			public void add(String name, java.util.function.Supplier<Object> value) {
				properties.put(name, String.valueOf(value.get()));
			}
		});
		properties.putAll(overrides);
		properties.forEach((name, value) -> command.add("--" + name + "=" + value));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		builder.environment().putAll(environment);
		Process process = builder.start();
		ContainerManagerApi launched = api(port);
		await("ContainerManager on port " + port + " to be healthy", Duration.ofSeconds(60), () -> {
			try {
				return "UP".equals(launched.health().path("status").asString());
			}
			catch (RuntimeException ex) {
				return false;
			}
		});
		return process;
	}

	public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
		Instant deadline = Instant.now().plus(timeout);
		while (!condition.getAsBoolean()) {
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("timed out after " + timeout + " waiting for " + what);
			}
			Thread.sleep(50);
		}
	}

}
