package org.gridfaas.system;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.gridfaas.testing.GridcoinNodeReplay;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform with the Gridcoin wallet, against a node replayed over HTTP: a deposit to
 * the user's address becomes balance once deep enough, pays for a task end to end, and a
 * withdrawal sends what is left.
 */
class GridcoinEndToEndTests {

	static GridcoinNodeReplay node;

	static Platform platform;

	@BeforeAll
	static void startThePlatform() throws Exception {
		Platform.assumeLocalRuntimeCanRun();
		node = new GridcoinNodeReplay();
		Map<String, String> credit = new HashMap<>(Platform.FAST_BILLING);
		credit.putAll(Map.of("gridfaas.wallet.kind", "gridcoin", "gridfaas.wallet.gridcoin.url", node.url().toString(),
				"gridfaas.wallet.gridcoin.user", GridcoinNodeReplay.USER, "gridfaas.wallet.gridcoin.password",
				GridcoinNodeReplay.PASSWORD, "gridfaas.wallet.gridcoin.confirmations", "3"));
		platform = Platform.start(credit, Platform.FAST_CONTAINERS);
	}

	@AfterAll
	static void stopThePlatform() throws Exception {
		if (platform != null) {
			platform.close();
		}
		if (node != null) {
			node.close();
		}
	}

	@Test
	void aDepositOnChainPaysForATaskAndAWithdrawalSendsTheRemainder() throws Exception {
		platform.openAccount("gina", "0", "-1");
		String address = platform.credit.depositAddress("gina").get("address").asString();
		String txid = node.receive(address, "2");
		node.confirm(txid);
		node.mine(1);
		Thread.sleep(3000);
		assertThat(platform.balance("gina")).as("2 confirmations of 3").isZero();
		node.mine(1);
		Platform.await("the deposit to be credited", Duration.ofSeconds(10),
				() -> platform.balance("gina").compareTo(new BigDecimal("2")) == 0);

		platform.publishStress("gina-stress", "gina", 100, 3);
		platform.submit("gina-stress", "1.1-4.txt");
		platform.awaitTask("gina-stress", "1.1-4.txt", "SUCCEEDED", Duration.ofSeconds(60));
		Platform.await("the container's idle stop", Duration.ofSeconds(30),
				() -> platform.container("gina-stress") == null);
		BigDecimal[] last = { BigDecimal.ONE.negate() };
		Platform.await("billing to settle", Duration.ofSeconds(20), () -> {
			BigDecimal now = platform.usage("gina").get("charged").decimalValue();
			boolean settled = now.signum() > 0 && now.compareTo(last[0]) == 0;
			last[0] = now;
			Thread.sleep(1500);
			return settled;
		});
		// What was billed is what the container's cgroup counted, at 10 CPU-seconds per
		// GRC; how much CPU a busy machine granted the task does not matter.
		JsonNode usage = platform.usage("gina");
		BigDecimal measured = usage.get("measuredCpuSeconds").decimalValue();
		assertThat(measured).as("the task's 1.1 cores for 4 s, at most")
			.isBetween(new BigDecimal("0.5"), new BigDecimal("6"));
		assertThat(usage.get("owed").decimalValue()).isEqualByComparingTo(
				usage.get("billedSeconds").decimalValue().divide(BigDecimal.TEN, 8, RoundingMode.DOWN));
		assertThat(usage.get("pending").decimalValue())
			.isEqualByComparingTo(usage.get("owed").decimalValue().subtract(usage.get("charged").decimalValue()));
		BigDecimal balance = platform.balance("gina");
		assertThat(balance).isEqualByComparingTo(new BigDecimal("2").subtract(usage.get("charged").decimalValue()));

		BigDecimal remainder = balance.subtract(new BigDecimal("0.01"));
		String outside = "S" + "z".repeat(33);
		ResponseEntity<JsonNode> withdrawal = platform.credit.withdraw("gina", "gina-remainder",
				Map.of("address", outside, "amount", remainder));
		assertThat(withdrawal.getStatusCode().value()).as(String.valueOf(withdrawal.getBody())).isEqualTo(201);
		JsonNode sent = withdrawal.getBody();
		assertThat(sent.get("state").asString()).isEqualTo("SENT");
		assertThat(node.sends()).singleElement()
			.asString()
			.startsWith(outside + " " + remainder.setScale(8).toPlainString() + " gridfaas-withdrawal:");
		assertThat(platform.balance("gina")).isZero();
		assertThat(platform.ledgerBalanced()).isTrue();
	}

}
