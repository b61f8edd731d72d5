package org.gridfaas.system;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.gridfaas.testing.S3ProxyServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The whole platform as deployed: S3Proxy, ContainerManager with the local runtime on a
 * real cgroup, and CreditManager, each its own process, driven only through their REST
 * APIs. CPU is priced high (10 vcore-seconds per GRC, charged to the last satoshi) so
 * that a few seconds of load move real money.
 */
class BillingEndToEndTests {

	static final String ADMIN = "admin-token-" + UUID.randomUUID();

	static final JsonMapper JSON = JsonMapper.builder().build();

	/** Under target/, so that the services' logs are there to read after a failure. */
	static Path home;

	static S3ProxyServer s3;

	static ServiceProcess creditManager;

	static ServiceProcess containerManager;

	static String cgroupParent = "gridfaas-e2e-" + UUID.randomUUID().toString().substring(0, 8);

	@BeforeAll
	static void startThePlatform() throws Exception {
		assumeTrue("root".equals(System.getProperty("user.name")),
				"the local runtime needs root for cgroups and namespaces");
		assumeTrue(Files.isWritable(Path.of("/sys/fs/cgroup/cpu")), "cgroup v1 cpu is not writable here");
		home = Files.createDirectories(Path.of("target", "e2e-" + Instant.now().toEpochMilli()).toAbsolutePath());
		s3 = S3ProxyServer.start();
		int creditPort = ServiceProcess.freePort();
		int containerPort = ServiceProcess.freePort();
		Map<String, String> common = new LinkedHashMap<>();
		common.put("gridfaas.home", home.toString());
		common.put("gridfaas.security.admin-token", ADMIN);
		Map<String, String> credit = new LinkedHashMap<>(common);
		credit.put("gridfaas.metering.period", "1s");
		credit.put("gridfaas.metering.container-managers", "http://127.0.0.1:" + containerPort);
		credit.put("gridfaas.metering.vcore-seconds-per-grc", "10");
		credit.put("gridfaas.metering.minimum-charge", "0.00000001");
		credit.put("gridfaas.metering.noise-threshold", "0s");
		creditManager = ServiceProcess.start("gridfaas.test.credit-manager-jar", creditPort, credit,
				home.resolve("credit-manager.log"));
		Map<String, String> containers = new LinkedHashMap<>(common);
		containers.put("gridfaas.object-store.endpoint", s3.endpoint());
		containers.put("gridfaas.object-store.access-key", s3.accessKey());
		containers.put("gridfaas.object-store.secret-key", s3.secretKey());
		containers.put("gridfaas.credit-manager.url", creditManager.url());
		containers.put("gridfaas.credit-manager.cache-for", "0s");
		containers.put("gridfaas.runtime.kind", "local");
		containers.put("gridfaas.runtime.cgroup-parent", cgroupParent);
		containers.put("gridfaas.tasks.poll-interval", "200ms");
		containers.put("gridfaas.scaling.window", "1s");
		containerManager = ServiceProcess.start("gridfaas.test.container-manager-jar", containerPort, containers,
				home.resolve("container-manager.log"));
	}

	@AfterAll
	static void stopThePlatform() throws Exception {
		if (containerManager != null) {
			containerManager.close();
		}
		if (creditManager != null) {
			creditManager.close();
		}
		if (s3 != null) {
			s3.close();
		}
		Files.deleteIfExists(Path.of("/sys/fs/cgroup/cpu", cgroupParent));
		Files.deleteIfExists(Path.of("/sys/fs/cgroup/cpuacct", cgroupParent));
	}

	@Test
	void aFundedUsersStressTaskIsBilledForTheCpuItsCgroupCounted() throws Exception {
		openAccount("alice", "0", "-1");
		deposit("alice", "5", "alice-1");
		publishStress("alice-stress", "alice", 4);
		submit("alice-stress", "1.1-6.txt");
		awaitTask("alice-stress", "1.1-6.txt", "SUCCEEDED", Duration.ofSeconds(60));
		BigDecimal counted = cgroupSeconds("alice-stress");
		await("the container's idle stop", Duration.ofSeconds(30), () -> !running("alice-stress"));
		await("billing to catch up with the final reading", Duration.ofSeconds(20),
				() -> usage("alice").get("measuredCpuSeconds").decimalValue().compareTo(counted) >= 0);

		JsonNode usage = usage("alice");
		BigDecimal measured = usage.get("measuredCpuSeconds").decimalValue();
		BigDecimal charged = usage.get("charged").decimalValue();
		assertThat(counted).as("the task loaded one core for 6 s").isBetween(new BigDecimal("5"), new BigDecimal("7"));
		assertThat(relativeError(measured, counted)).as("measured %s vs the cgroup's %s CPU-seconds", measured, counted)
			.isLessThan(new BigDecimal("0.005"));
		BigDecimal expected = counted.divide(BigDecimal.TEN);
		assertThat(relativeError(charged, expected)).as("charged %s GRC for %s CPU-seconds", charged, counted)
			.isLessThan(new BigDecimal("0.005"));
		assertThat(balance("alice")).isEqualByComparingTo(new BigDecimal("5").subtract(charged));
		assertLedgerBalanced();
	}

	@Test
	void anUnderfundedUserIsPinnedAtTheFloorThenStoppedAtTheDebtLimitAndADepositLetsTheTaskRunAgain() throws Exception {
		openAccount("bob", "0", "-0.3");
		deposit("bob", "0.2", "bob-1");
		publishStress("bob-stress", "bob", 30);
		submit("bob-stress", "1.1-12.txt");

		// 0.2 GRC buys 2 CPU-seconds: then the balance crosses 0.
		await("the container to be restricted", Duration.ofSeconds(30), () -> restricted("bob-stress"));
		assertThat(quota("bob-stress")).as("pinned at the floor, 0 + 2 x 25 shares").isEqualTo(50_000);
		assertThat(balance("bob")).isLessThanOrEqualTo(BigDecimal.ZERO);

		// At half a core, 0.3 GRC of debt takes about 6 s more.
		await("the container to be stopped at the debt limit", Duration.ofSeconds(40), () -> !running("bob-stress"));
		JsonNode requeued = awaitTask("bob-stress", "1.1-12.txt", "PENDING", Duration.ofSeconds(10));
		assertThat(requeued.get("failures").asInt()).as("a stop for debt is not the task's failure").isZero();
		assertThat(standing("bob").get("status").asString()).isEqualTo("OVER_DEBT_LIMIT");
		BigDecimal debt = balance("bob");

		deposit("bob", "5", "bob-2");
		JsonNode done = awaitTask("bob-stress", "1.1-12.txt", "SUCCEEDED", Duration.ofSeconds(90));
		assertThat(done.get("attempts").asInt()).isEqualTo(2);
		await("billing of the second run", Duration.ofSeconds(20),
				() -> balance("bob").compareTo(debt.add(new BigDecimal("5").subtract(new BigDecimal("0.8")))) <= 0);
		assertThat(balance("bob")).as("the deposit paid the debt first, and the run was billed")
			.isPositive()
			.isLessThan(debt.add(new BigDecimal("5")));
		assertLedgerBalanced();
	}

	private static void openAccount(String user, String minBalance, String maxDebt) throws Exception {
		HttpResponse<String> response = creditManager.send("PUT", "/api/v1/accounts/" + user, ADMIN,
				"{\"policy\":\"GREEDY\",\"minBalance\":" + minBalance + ",\"maxDebt\":" + maxDebt + "}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
	}

	private static void deposit(String user, String amount, String key) throws Exception {
		HttpResponse<String> response = send(creditManager, "POST", "/api/v1/accounts/" + user + "/deposits",
				"{\"amount\":" + amount + "}", key);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
	}

	private static void publishStress(String function, String owner, int idleSeconds) throws Exception {
		String script = Files.readString(Path.of(System.getProperty("gridfaas.test.stress-script")));
		String body = JSON.writeValueAsString(Map.of("name", function, "owner", owner, "script", script, "settings",
				Map.of("cpuMax", 100, "cpuMin", 0, "cpuBoundary", 25, "idleTimeoutSeconds", idleSeconds)));
		HttpResponse<String> response = containerManager.send("POST", "/api/v1/functions", ADMIN, body);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
	}

	private static void submit(String function, String task) throws Exception {
		HttpResponse<String> response = containerManager.send("POST",
				"/api/v1/functions/" + function + "/tasks?name=" + task, ADMIN, "");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
	}

	private static JsonNode awaitTask(String function, String task, String state, Duration timeout) throws Exception {
		JsonNode[] found = new JsonNode[1];
		await(task + " to be " + state, timeout, () -> {
			HttpResponse<String> response = containerManager.send("GET",
					"/api/v1/functions/" + function + "/tasks/" + task, ADMIN, null);
			found[0] = (response.statusCode() == 200) ? JSON.readTree(response.body()) : null;
			return found[0] != null && state.equals(found[0].get("state").asString());
		});
		return found[0];
	}

	private static JsonNode container(String name) throws Exception {
		for (JsonNode container : JSON
			.readTree(containerManager.send("GET", "/api/v1/containers", ADMIN, null).body())) {
			if (container.get("name").asString().equals(name)) {
				return container;
			}
		}
		return null;
	}

	private static boolean running(String name) throws Exception {
		return container(name) != null;
	}

	private static boolean restricted(String name) throws Exception {
		JsonNode container = container(name);
		return container != null && container.get("restricted").asBoolean();
	}

	private static long quota(String container) throws Exception {
		return Long.parseLong(
				Files.readString(Path.of("/sys/fs/cgroup/cpu", cgroupParent, container, "cpu.cfs_quota_us")).strip());
	}

	private static BigDecimal cgroupSeconds(String container) throws Exception {
		long nanos = Long.parseLong(
				Files.readString(Path.of("/sys/fs/cgroup/cpuacct", cgroupParent, container, "cpuacct.usage")).strip());
		return BigDecimal.valueOf(nanos, 9);
	}

	private static JsonNode standing(String user) throws Exception {
		return JSON.readTree(creditManager.send("GET", "/api/v1/accounts/" + user, ADMIN, null).body());
	}

	private static BigDecimal balance(String user) throws Exception {
		return standing(user).get("balance").decimalValue();
	}

	private static JsonNode usage(String user) throws Exception {
		return JSON.readTree(creditManager.send("GET", "/api/v1/accounts/" + user + "/usage", ADMIN, null).body());
	}

	private static void assertLedgerBalanced() throws Exception {
		JsonNode check = JSON.readTree(creditManager.send("GET", "/api/v1/ledger/check", ADMIN, null).body());
		assertThat(check.get("balanced").asBoolean()).as(check.toString()).isTrue();
	}

	private static BigDecimal relativeError(BigDecimal actual, BigDecimal expected) {
		return actual.subtract(expected).abs().divide(expected, 6, java.math.RoundingMode.HALF_UP);
	}

	private static HttpResponse<String> send(ServiceProcess service, String method, String path, String json,
			String idempotencyKey) throws Exception {
		java.net.http.HttpRequest request = java.net.http.HttpRequest
			.newBuilder(java.net.URI.create(service.url() + path))
			.method(method, java.net.http.HttpRequest.BodyPublishers.ofString(json))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + ADMIN)
			.header("Idempotency-Key", idempotencyKey)
			.build();
		return java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
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

}
