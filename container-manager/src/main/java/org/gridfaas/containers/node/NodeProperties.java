package org.gridfaas.containers.node;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;

import org.gridfaas.common.cpu.CpuShares;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * This worker among the ContainerManagers that share one object store
 * ({@code gridfaas.node.*}).
 *
 * @param name the worker's name, unique among the workers of a store: it signs the task
 * leases it holds and names its replicas. Defaults to the host name and the port
 * @param url where CreditManager reaches this worker, sent with every heartbeat; defaults
 * to loopback and the port
 * @param cpuCapacity the CPU the worker's replicas may take together, in shares (100 =
 * one core); defaults to every core of the machine
 * @param heartbeat how often the worker tells CreditManager it is alive
 */
@ConfigurationProperties("gridfaas.node")
public record NodeProperties(String name, URI url, Integer cpuCapacity, @DefaultValue("10s") Duration heartbeat) {

	public NodeProperties {
		if (name != null && !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
			throw new IllegalArgumentException("gridfaas.node.name: '" + name
					+ "' must be 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit");
		}
		if (cpuCapacity == null) {
			cpuCapacity = Runtime.getRuntime().availableProcessors() * CpuShares.PER_CORE;
		}
		if (cpuCapacity <= 0) {
			throw new IllegalArgumentException("gridfaas.node.cpu-capacity must be positive");
		}
		if (heartbeat.isNegative() || heartbeat.isZero()) {
			throw new IllegalArgumentException("gridfaas.node.heartbeat must be positive");
		}
	}

	/** This worker, with the defaults that depend on the port filled in. */
	public Worker worker(int port) {
		String named = (this.name != null) ? this.name : hostName() + "-" + port;
		URI reachedAt = (this.url != null) ? this.url : URI.create("http://127.0.0.1:" + port);
		return new Worker(named, reachedAt, CpuShares.of(this.cpuCapacity));
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "-");
		}
		catch (UnknownHostException ex) {
			return "localhost";
		}
	}

}
