package org.gridfaas.containers.task;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.gridfaas.containers.ContainerManagerHarness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridfaas.containers.ContainerManagerHarness.ADMIN_TOKEN;
import static org.gridfaas.containers.ContainerManagerHarness.ALICE_TOKEN;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two ContainerManagers, each its own process with its own home and cgroups, on one
 * object store, as on two worker nodes: each runs only the functions assigned to it, so
 * no task runs twice, whichever node it was submitted to.
 */
class TwoNodesTests {

	static ContainerManagerHarness harness;

	static Process nodeA;

	static Process nodeB;

	static int portA;

	static int portB;

	@BeforeAll
	static void start() throws Exception {
		assumeTrue("root".equals(System.getProperty("user.name")), "the local runtime needs root for cgroups here");
		harness = new ContainerManagerHarness();
		harness.creditManager.allow("alice", true);
		portA = freePort();
		portB = freePort();
		// A function published on one node reaches the other at its next refresh.
		nodeA = harness.launch(portA,
				Map.of("gridfaas.tasks.serve", "alpha*", "gridfaas.tasks.functions-refresh", "1s"),
				harness.home.resolve("node-a.log"));
		Path homeB = Files.createDirectories(harness.home.resolve("node-b"));
		nodeB = harness.launch(portB,
				Map.of("gridfaas.tasks.serve", "beta", "gridfaas.tasks.functions-refresh", "1s", "gridfaas.home",
						homeB.toString(), "gridfaas.node.name", "test-worker-b", "gridfaas.runtime.cgroup-parent",
						harness.cgroupParent + "-b"),
				harness.home.resolve("node-b.log"));
	}

	@AfterAll
	static void stop() throws Exception {
		for (Process node : new Process[] { nodeA, nodeB }) {
			if (node != null) {
				node.destroy();
				node.waitFor();
			}
		}
		if (harness != null) {
			harness.close();
			ContainerManagerHarness.removeCgroupParent(harness.cgroupParent + "-b");
			ContainerManagerHarness.removeCgroupParent(harness.cgroupParent + "-b-builds");
		}
	}

	@Test
	void eachFunctionRunsOnlyOnItsNodeAndNoTaskRunsTwice() throws Exception {
		// Tasks see nothing of the host, so the nodes' own counters tell who ran what.
		String script = "sleep 0.2";
		harness.port = portA;
		harness.publish("alpha-one", script, "{\"maxConcurrentTasks\": 2}");
		harness.publish("beta", script, "{\"maxConcurrentTasks\": 2}");
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			for (String function : List.of("alpha-one", "beta")) {
				String task = String.format("%03d.txt", i);
				// Submitted to either node, whichever serves the function.
				harness.port = (i % 2 == 0) ? portA : portB;
				assertThat(harness
					.send("POST", "/api/v1/functions/" + function + "/tasks?name=" + task, ALICE_TOKEN, "text/plain",
							new byte[0])
					.statusCode()).isEqualTo(201);
				expected.add(function + "/" + task);
			}
		}
		ContainerManagerHarness.await("every task to run", Duration.ofSeconds(60),
				() -> succeeded(portA, "alpha-one") + succeeded(portB, "beta") >= expected.size());
		Thread.sleep(1500);
		assertThat(succeeded(portA, "alpha-one")).as("alpha-one's runs on its node").isEqualTo(10);
		assertThat(succeeded(portB, "beta")).as("beta's runs on its node").isEqualTo(10);
		assertThat(succeeded(portA, "beta") + succeeded(portB, "alpha-one")).as("runs on the other node").isZero();
		harness.port = portA;
		for (String function : List.of("alpha-one", "beta")) {
			for (int i = 0; i < 10; i++) {
				JsonNode task = harness.awaitTask(function, String.format("%03d.txt", i), "SUCCEEDED",
						Duration.ofSeconds(10));
				assertThat(task.get("attempts").asInt()).isEqualTo(1);
			}
		}
		// Each node's usage log shows which containers it ran.
		assertThat(containersRun(portA)).containsExactly("alpha-one");
		assertThat(containersRun(portB)).containsExactly("beta");
	}

	/** The node's count of successful attempts of the function, from its metrics. */
	private static int succeeded(int port, String function) {
		harness.port = port;
		try {
			return harness.send("GET", "/actuator/prometheus", ADMIN_TOKEN, null, null)
				.body()
				.lines()
				.filter((line) -> line.startsWith("gridfaas_tasks_duration_seconds_count{")
						&& line.contains("function=\"" + function + "\"") && line.contains("outcome=\"succeeded\""))
				.mapToInt((line) -> (int) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
				.sum();
		}
		catch (Exception ex) {
			return 0;
		}
	}

	private static java.util.Set<String> containersRun(int port) throws Exception {
		harness.port = port;
		java.util.Set<String> names = new java.util.TreeSet<>();
		harness.read(harness.send("GET", "/api/v1/usage?after=0", ADMIN_TOKEN, null, null))
			.get("records")
			.forEach((record) -> names.add(record.get("container").asString()));
		return names;
	}

	private static int freePort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
