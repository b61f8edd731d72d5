package org.gridfaas.containers.task;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A host "outside" this machine for egress tests: a network namespace of the test's own,
 * joined to the host by a veth pair on 198.18.0.0/15 (the benchmarking range, routed
 * nowhere), with an HTTP server in it. Traffic to it never leaves the machine.
 */
final class OutsideHost implements AutoCloseable {

	static final int PORT = 8080;

	private final String namespace;

	private final String address;

	private final Process server;

	private final Path served;

	private OutsideHost(String namespace, String address, Process server, Path served) {
		this.namespace = namespace;
		this.address = address;
		this.server = server;
		this.served = served;
	}

	/**
	 * Starts one serving {@code hello.txt} with the given content; empty where network
	 * namespaces cannot be made (not root, no {@code ip}).
	 */
	static Optional<OutsideHost> start(String content) throws Exception {
		long id = ProcessHandle.current().pid() % 250 + 1;
		String namespace = "gridfaas-outside-" + id;
		String host = "gfo" + id + "h";
		String guest = "gfo" + id + "g";
		String subnet = "198.18." + id + ".";
		run("ip", "netns", "delete", namespace);
		if (!run("ip", "netns", "add", namespace)) {
			return Optional.empty();
		}
		boolean made = run("ip", "link", "add", host, "type", "veth", "peer", "name", guest)
				&& run("ip", "link", "set", guest, "netns", namespace)
				&& run("ip", "addr", "add", subnet + "1/30", "dev", host) && run("ip", "link", "set", host, "up")
				&& run("ip", "-n", namespace, "addr", "add", subnet + "2/30", "dev", guest)
				&& run("ip", "-n", namespace, "link", "set", guest, "up")
				&& run("ip", "-n", namespace, "link", "set", "lo", "up");
		if (!made) {
			run("ip", "netns", "delete", namespace);
			return Optional.empty();
		}
		Path served = Files.createTempDirectory("outside");
		Files.writeString(served.resolve("hello.txt"), content);
		Process server = new ProcessBuilder("ip", "netns", "exec", namespace, "/usr/bin/python3", "-m", "http.server",
				"--bind", subnet + "2", "--directory", served.toString(), Integer.toString(PORT))
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		OutsideHost outside = new OutsideHost(namespace, subnet + "2", server, served);
		outside.awaitServing();
		return Optional.of(outside);
	}

	/** Its address, reachable from the host through the veth pair. */
	String address() {
		return this.address;
	}

	private void awaitServing() throws Exception {
		Instant deadline = Instant.now().plusSeconds(20);
		while (Instant.now().isBefore(deadline)) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(this.address, PORT), 500);
				return;
			}
			catch (IOException ex) {
				Thread.sleep(100);
			}
		}
		close();
		throw new IllegalStateException("the outside host's server did not start");
	}

	@Override
	public void close() throws Exception {
		this.server.descendants().forEach(ProcessHandle::destroyForcibly);
		this.server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
		// Deleting the namespace deletes the veth pair with it.
		run("ip", "netns", "delete", this.namespace);
		try (var files = Files.walk(this.served)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
	}

	private static boolean run(String... command) throws Exception {
		try {
			Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			return process.waitFor(Duration.ofSeconds(20).toMillis(), TimeUnit.MILLISECONDS)
					&& process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
