package org.gridfaas.system;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.gridfaas.common.account.AccountStatus;
import org.gridfaas.common.api.ApiClients;
import org.gridfaas.common.api.ContainerManagerApi;
import org.gridfaas.common.api.ContainerView;
import org.gridfaas.common.api.WhoAmI;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The whole platform as deployed, driven only through the REST APIs: a funded user is
 * billed for exactly the CPU its container's cgroup counted; an underfunded user's
 * container is pinned at the floor in debt and stopped at the debt limit, and a deposit
 * lets its task run again. CPU is priced high (10 vcore-seconds per GRC, charged to the
 * last satoshi) so that a few seconds of load move real money.
 */
class BillingEndToEndTests {

	static Platform platform;

	@BeforeAll
	static void startThePlatform() throws Exception {
		Platform.assumeLocalRuntimeCanRun();
		platform = Platform.start(Platform.FAST_BILLING, Platform.FAST_CONTAINERS);
	}

	@AfterAll
	static void stopThePlatform() throws Exception {
		if (platform != null) {
			platform.close();
		}
	}

	@Test
	void aFundedUsersStressTaskIsBilledForTheCpuItsCgroupCounted() throws Exception {
		platform.openAccount("alice", "0", "-1");
		platform.deposit("alice", "5", "alice-1");
		platform.publishStress("alice-stress", "alice", 100, 4);
		platform.submit("alice-stress", "1.1-6.txt");
		platform.awaitTask("alice-stress", "1.1-6.txt", "SUCCEEDED", Duration.ofSeconds(60));
		BigDecimal counted = cgroupSeconds("alice-stress");
		Platform.await("the container's idle stop", Duration.ofSeconds(30),
				() -> platform.container("alice-stress") == null);
		Platform.await("billing to catch up with the final reading", Duration.ofSeconds(20),
				() -> platform.usage("alice").get("measuredCpuSeconds").decimalValue().compareTo(counted) >= 0);

		JsonNode usage = platform.usage("alice");
		BigDecimal measured = usage.get("measuredCpuSeconds").decimalValue();
		BigDecimal charged = usage.get("charged").decimalValue();
		assertThat(counted).as("the task loaded one core for 6 s").isBetween(new BigDecimal("5"), new BigDecimal("7"));
		assertThat(relativeError(measured, counted)).as("measured %s vs the cgroup's %s CPU-seconds", measured, counted)
			.isLessThan(new BigDecimal("0.005"));
		BigDecimal expected = counted.divide(BigDecimal.TEN);
		assertThat(relativeError(charged, expected)).as("charged %s GRC for %s CPU-seconds", charged, counted)
			.isLessThan(new BigDecimal("0.005"));
		assertThat(platform.balance("alice")).isEqualByComparingTo(new BigDecimal("5").subtract(charged));
		assertThat(platform.ledgerBalanced()).isTrue();
	}

	@Test
	void anUnderfundedUserIsPinnedAtTheFloorThenStoppedAtTheDebtLimitAndADepositLetsTheTaskRunAgain() throws Exception {
		platform.openAccount("bob", "0", "-0.3");
		platform.deposit("bob", "0.2", "bob-1");
		platform.publishStress("bob-stress", "bob", 100, 30);
		platform.submit("bob-stress", "1.1-12.txt");

		// 0.2 GRC buys 2 CPU-seconds: then the balance crosses 0.
		Platform.await("the container to be restricted", Duration.ofSeconds(30), () -> {
			ContainerView container = platform.container("bob-stress");
			return container != null && container.restricted();
		});
		assertThat(quota("bob-stress")).as("pinned at the floor, 0 + 2 x 25 shares").isEqualTo(50_000);
		assertThat(platform.balance("bob")).isLessThanOrEqualTo(BigDecimal.ZERO);

		// At half a core, 0.3 GRC of debt takes about 6 s more.
		Platform.await("the container to be stopped at the debt limit", Duration.ofSeconds(40),
				() -> platform.container("bob-stress") == null);
		JsonNode requeued = platform.awaitTask("bob-stress", "1.1-12.txt", "PENDING", Duration.ofSeconds(10));
		assertThat(requeued.get("failures").asInt()).as("a stop for debt is not the task's failure").isZero();
		assertThat(platform.standing("bob").status()).isEqualTo(AccountStatus.OVER_DEBT_LIMIT);
		BigDecimal debt = platform.balance("bob");

		platform.deposit("bob", "5", "bob-2");
		JsonNode done = platform.awaitTask("bob-stress", "1.1-12.txt", "SUCCEEDED", Duration.ofSeconds(90));
		assertThat(done.get("attempts").asInt()).isEqualTo(2);
		// The second run used about 12 CPU-seconds, 1.2 GRC.
		Platform.await("billing of the second run", Duration.ofSeconds(20),
				() -> platform.balance("bob").compareTo(debt.add(new BigDecimal("4.2"))) <= 0);
		assertThat(platform.balance("bob")).as("the deposit paid the debt first, and the run was billed")
			.isPositive()
			.isLessThan(debt.add(new BigDecimal("5")));
		assertThat(platform.ledgerBalanced()).isTrue();
	}

	@Test
	void aTokenCreditManagerIssuesWithAnAccountWorksOnContainerManagerToo() throws Exception {
		platform.openAccount("carol", "0", "-1");
		String token = platform.credit.issueToken("carol").get("token").asString();
		WhoAmI me = platform.containers.me("Bearer " + token);
		assertThat(me).isEqualTo(new WhoAmI("carol", "user"));
		ContainerManagerApi asCarol = ApiClients.create(ContainerManagerApi.class, RestClient.builder(),
				URI.create(platform.containerManager.url()), token, ApiClients.Timeouts.of(Duration.ofSeconds(10)));
		assertThatExceptionOfType(HttpClientErrorException.Forbidden.class).as("a user is not the admin")
			.isThrownBy(() -> asCarol.usage(0, "", 10));
		assertThatExceptionOfType(HttpClientErrorException.Unauthorized.class)
			.isThrownBy(() -> platform.containers.me("Bearer " + token + "x"));
	}

	private static long quota(String container) throws Exception {
		return Long.parseLong(Files.readString(platform.cgroup("cpu", container).resolve("cpu.cfs_quota_us")).strip());
	}

	private static BigDecimal cgroupSeconds(String container) throws Exception {
		return BigDecimal.valueOf(Long
			.parseLong(Files.readString(platform.cgroup("cpuacct", container).resolve("cpuacct.usage")).strip()), 9);
	}

	private static BigDecimal relativeError(BigDecimal actual, BigDecimal expected) {
		return actual.subtract(expected).abs().divide(expected, 6, RoundingMode.HALF_UP);
	}

}
