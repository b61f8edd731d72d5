package org.gridfaas.containers.task;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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

	static Path runs;

	@BeforeAll
	static void start() throws Exception {
		assumeTrue("root".equals(System.getProperty("user.name")), "the local runtime needs root for cgroups here");
		harness = new ContainerManagerHarness();
		harness.creditManager.allow("alice", true);
		// Tasks run as nobody: they record each run in a file they may write.
		Path shared = Files.createTempDirectory("gridfaas-runs-",
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
		Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
		runs = shared.resolve("runs.log");
		portA = freePort();
		portB = freePort();
		// A function published on one node reaches the other at its next refresh.
		nodeA = harness.launch(portA,
				Map.of("gridfaas.tasks.serve", "alpha*", "gridfaas.tasks.functions-refresh", "1s"),
				harness.home.resolve("node-a.log"));
		Path homeB = Files.createDirectories(harness.home.resolve("node-b"));
		nodeB = harness.launch(portB,
				Map.of("gridfaas.tasks.serve", "beta", "gridfaas.tasks.functions-refresh", "1s", "gridfaas.home",
						homeB.toString(), "gridfaas.runtime.cgroup-parent", harness.cgroupParent + "-b"),
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
		if (runs != null) {
			Files.deleteIfExists(runs);
			Files.deleteIfExists(runs.getParent());
		}
		if (harness != null) {
			harness.close();
			Files.deleteIfExists(Path.of("/sys/fs/cgroup/cpu", harness.cgroupParent + "-b"));
			Files.deleteIfExists(Path.of("/sys/fs/cgroup/cpuacct", harness.cgroupParent + "-b"));
		}
	}

	@Test
	void eachFunctionRunsOnlyOnItsNodeAndNoTaskRunsTwice() throws Exception {
		String script = "echo \"$GRIDFAAS_FUNCTION/$GRIDFAAS_TASK\" >> " + runs + "; sleep 0.2";
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
				() -> Files.exists(runs) && lines().size() >= expected.size());
		Thread.sleep(1500);
		assertThat(lines()).as("each task ran exactly once").containsExactlyInAnyOrderElementsOf(expected);
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

	private static List<String> lines() {
		try {
			return Files.readAllLines(runs).stream().filter((line) -> !line.isBlank()).toList();
		}
		catch (Exception ex) {
			return List.of();
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
