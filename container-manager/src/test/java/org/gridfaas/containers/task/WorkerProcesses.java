package org.gridfaas.containers.task;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.gridfaas.containers.ContainerManagerHarness;
import org.gridfaas.testing.RadosGateway;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * ContainerManager workers, each a process of its own with its own home and cgroups, on
 * one real distributed object store (Ceph's radosgw), with no serve lists. Skips the test
 * class where the local runtime or Ceph cannot run.
 */
final class WorkerProcesses implements AutoCloseable {

	final RadosGateway ceph;

	final ContainerManagerHarness harness;

	final List<Process> processes = new ArrayList<>();

	final List<Integer> ports = new ArrayList<>();

	final List<String> names = new ArrayList<>();

	private WorkerProcesses(RadosGateway ceph, ContainerManagerHarness harness) {
		this.ceph = ceph;
		this.harness = harness;
	}

	/**
	 * Starts {@code names.size()} workers with these task leases and these settings
	 * besides; the owner {@code alice} may run.
	 */
	static WorkerProcesses start(List<String> names, Duration lease, Map<String, String> settings) throws Exception {
		assumeTrue("root".equals(System.getProperty("user.name")), "the local runtime needs root for cgroups here");
		assumeTrue(RadosGateway.installed(), "Ceph is not installed (.ci/run installs it)");
		RadosGateway ceph = RadosGateway.shared();
		ContainerManagerHarness harness = new ContainerManagerHarness();
		harness.creditManager.allow("alice", true);
		// The workers' homes are inside it: task sandboxes must pass through.
		Files.setPosixFilePermissions(harness.home, PosixFilePermissions.fromString("rwx--x--x"));
		WorkerProcesses workers = new WorkerProcesses(ceph, harness);
		for (String name : names) {
			int port = freePort();
			Path home = Files.createDirectories(harness.home.resolve(name));
			Map<String, String> all = new HashMap<>(
					Map.of("gridfaas.object-store.endpoint", ceph.endpoint(), "gridfaas.object-store.access-key",
							ceph.accessKey(), "gridfaas.object-store.secret-key", ceph.secretKey(), "gridfaas.home",
							home.toString(), "gridfaas.node.name", name, "gridfaas.runtime.cgroup-parent",
							harness.cgroupParent + "-" + name, "gridfaas.tasks.functions-refresh", "1s",
							"gridfaas.tasks.lease-duration", lease.toSeconds() + "s"));
			all.putAll(settings);
			workers.processes.add(harness.launch(port, all, harness.home.resolve(name + ".log")));
			workers.ports.add(port);
			workers.names.add(name);
		}
		return workers;
	}

	@Override
	public void close() throws Exception {
		for (Process worker : this.processes) {
			worker.destroy();
			worker.waitFor();
		}
		this.harness.close();
		for (String name : this.names) {
			ContainerManagerHarness.removeCgroupParent(this.harness.cgroupParent + "-" + name);
			ContainerManagerHarness.removeCgroupParent(this.harness.cgroupParent + "-" + name + "-builds");
		}
	}

	private static int freePort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
