package org.gridfaas.system;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.gridfaas.common.api.AccountStanding;
import org.gridfaas.common.api.ContainerManagerApi;
import org.gridfaas.common.api.ContainerView;
import org.gridfaas.common.api.CreditManagerApi;
import org.gridfaas.testing.S3ProxyServer;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.HttpClientErrorException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The platform on one machine, as deployed: S3Proxy, CreditManager and ContainerManager
 * (local runtime, a cgroup parent of its own), each its own process, state and logs under
 * one home folder in {@code target/}. The API calls the tests make are here too.
 */
final class Platform implements AutoCloseable {

	static final String ADMIN = "admin-token-" + UUID.randomUUID();

	static final JsonMapper JSON = JsonMapper.builder().build();

	final Path home;

	/** ContainerManager's cgroup parent, of its own so that nothing else is touched. */
	final String cgroupParent;

	final S3ProxyServer s3;

	final ServiceProcess creditManager;

	final ServiceProcess containerManager;

	/** CreditManager's API, with the admin token. */
	final CreditManagerApi credit;

	/** ContainerManager's API, with the admin token. */
	final ContainerManagerApi containers;

	private Platform(Path home, String cgroupParent, S3ProxyServer s3, ServiceProcess creditManager,
			ServiceProcess containerManager) {
		this.home = home;
		this.cgroupParent = cgroupParent;
		this.s3 = s3;
		this.creditManager = creditManager;
		this.containerManager = containerManager;
		this.credit = creditManager.api(CreditManagerApi.class);
		this.containers = containerManager.api(ContainerManagerApi.class);
	}

	/**
	 * CreditManager at test speed: a cycle a second, and CPU priced high (10
	 * vcore-seconds per GRC, charged to the last satoshi) so that a few seconds of load
	 * move real money.
	 */
	static final Map<String, String> FAST_BILLING = Map.of("gridfaas.metering.period", "1s",
			"gridfaas.metering.vcore-seconds-per-grc", "10", "gridfaas.metering.minimum-charge", "0.00000001",
			"gridfaas.metering.noise-threshold", "0s");

	/**
	 * ContainerManager at test speed: fresh standings, quick polls and scaling windows.
	 */
	static final Map<String, String> FAST_CONTAINERS = Map.of("gridfaas.credit-manager.cache-for", "0s",
			"gridfaas.tasks.poll-interval", "200ms", "gridfaas.scaling.window", "1s");

	/** Skips the test where the local runtime cannot run: it needs root and cgroup v1. */
	static void assumeLocalRuntimeCanRun() {
		assumeTrue("root".equals(System.getProperty("user.name")),
				"the local runtime needs root for cgroups and namespaces");
		assumeTrue(Files.isWritable(Path.of("/sys/fs/cgroup/cpu")), "cgroup v1 cpu is not writable here");
	}

	/**
	 * Starts everything; the given settings override the defaults of each service.
	 */
	static Platform start(Map<String, String> creditSettings, Map<String, String> containerSettings) throws Exception {
		Path home = Files.createDirectories(Path.of("target", "e2e-" + Instant.now().toEpochMilli()).toAbsolutePath());
		S3ProxyServer s3 = S3ProxyServer.start();
		int creditPort = ServiceProcess.freePort();
		int containerPort = ServiceProcess.freePort();
		Map<String, String> common = Map.of("gridfaas.home", home.toString(), "gridfaas.security.admin-token", ADMIN);
		Map<String, String> credit = new LinkedHashMap<>(common);
		credit.put("gridfaas.metering.container-managers", "http://127.0.0.1:" + containerPort);
		credit.putAll(creditSettings);
		ServiceProcess creditManager = ServiceProcess.start("gridfaas.test.credit-manager-jar", creditPort, credit,
				home.resolve("credit-manager.log"));
		String cgroupParent = "gridfaas-e2e-" + UUID.randomUUID().toString().substring(0, 8);
		Map<String, String> containers = new LinkedHashMap<>(common);
		containers.put("gridfaas.object-store.endpoint", s3.endpoint());
		containers.put("gridfaas.object-store.access-key", s3.accessKey());
		containers.put("gridfaas.object-store.secret-key", s3.secretKey());
		containers.put("gridfaas.credit-manager.url", creditManager.url());
		containers.put("gridfaas.runtime.kind", "local");
		containers.put("gridfaas.runtime.cgroup-parent", cgroupParent);
		containers.putAll(containerSettings);
		ServiceProcess containerManager = ServiceProcess.start("gridfaas.test.container-manager-jar", containerPort,
				containers, home.resolve("container-manager.log"));
		return new Platform(home, cgroupParent, s3, creditManager, containerManager);
	}

	/** The cgroup folder of a container, in hierarchy {@code cpu} or {@code cpuacct}. */
	Path cgroup(String hierarchy, String container) {
		return Path.of("/sys/fs/cgroup", hierarchy, this.cgroupParent, container);
	}

	void openAccount(String user, String minBalance, String maxDebt) {
		ResponseEntity<AccountStanding> opened = this.credit.putAccount(user, Map.of("policy", "GREEDY", "minBalance",
				new BigDecimal(minBalance), "maxDebt", new BigDecimal(maxDebt)));
		assertThat(opened.getStatusCode().value()).isEqualTo(201);
	}

	void deposit(String user, String amount, String key) {
		ResponseEntity<JsonNode> deposit = this.credit.deposit(user, key, Map.of("amount", new BigDecimal(amount)));
		assertThat(deposit.getStatusCode().value()).as(String.valueOf(deposit.getBody())).isEqualTo(201);
	}

	/** Publishes the stress function of {@code functions/stress} for an owner. */
	void publishStress(String function, String owner, int cpuMax, int idleSeconds) throws Exception {
		String script = Files.readString(Path.of(System.getProperty("gridfaas.test.stress-script")));
		this.containers.publishFunction(Map.of("name", function, "owner", owner, "script", script, "settings",
				Map.of("cpuMax", cpuMax, "cpuMin", 0, "cpuBoundary", 25, "idleTimeoutSeconds", idleSeconds)));
	}

	void submit(String function, String task) {
		this.containers.submitTask(function, task);
	}

	JsonNode awaitTask(String function, String task, String state, Duration timeout) throws Exception {
		JsonNode[] found = new JsonNode[1];
		await(task + " to be " + state, timeout, () -> {
			try {
				found[0] = this.containers.task(function, task).getBody();
			}
			catch (HttpClientErrorException.NotFound ex) {
				found[0] = null;
			}
			return found[0] != null && state.equals(found[0].get("state").asString());
		});
		return found[0];
	}

	/** A running container, or {@code null}. */
	ContainerView container(String name) {
		return this.containers.containers()
			.stream()
			.filter((container) -> container.name().value().equals(name))
			.findFirst()
			.orElse(null);
	}

	int runningContainers() {
		return this.containers.containers().size();
	}

	AccountStanding standing(String user) {
		return this.credit.standing(user);
	}

	BigDecimal balance(String user) {
		return standing(user).balance().amount();
	}

	JsonNode usage(String user) {
		return this.credit.usage(user);
	}

	boolean ledgerBalanced() {
		return this.credit.ledgerCheck().get("balanced").asBoolean();
	}

	static void await(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
		Instant deadline = Instant.now().plus(timeout);
		while (!condition.call()) {
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("timed out after " + timeout + " waiting for " + what);
			}
			Thread.sleep(200);
		}
	}

	@Override
	public void close() throws Exception {
		this.containerManager.close();
		this.creditManager.close();
		this.s3.close();
		Files.deleteIfExists(Path.of("/sys/fs/cgroup/cpu", this.cgroupParent));
		Files.deleteIfExists(Path.of("/sys/fs/cgroup/cpuacct", this.cgroupParent));
	}

}
