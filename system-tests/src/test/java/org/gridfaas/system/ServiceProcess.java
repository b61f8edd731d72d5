package org.gridfaas.system;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.gridfaas.common.api.ApiClients;
import org.gridfaas.common.api.ServiceHealth;
import org.springframework.web.client.RestClient;

/**
 * One gridfaas service started from its jar, as {@code deploy.sh} starts it, with its
 * output in a log file. Closing it stops it the way an operator would (SIGTERM).
 */
final class ServiceProcess implements AutoCloseable {

	private static final ApiClients.Timeouts TIMEOUTS = new ApiClients.Timeouts(Duration.ofSeconds(5),
			Duration.ofSeconds(30));

	final int port;

	final Path log;

	private final Process process;

	private ServiceProcess(int port, Path log, Process process) {
		this.port = port;
		this.log = log;
		this.process = process;
	}

	/** Starts the jar named by a system property and waits until it is healthy. */
	static ServiceProcess start(String jarProperty, int port, Map<String, String> properties, Path log)
			throws Exception {
		Path jar = Path.of(System.getProperty(jarProperty, ""));
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(
					"No service jar at '" + jar + "': build it first (./mvnw -B verify from the top builds it)");
		}
		List<String> command = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
				// A quarter faster to start, which tests that kill and restart
				// services do dozens of times; nothing they assert depends on the JIT.
				"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString(), "--server.port=" + port));
		properties.forEach((name, value) -> command.add("--" + name + "=" + value));
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
		ServiceProcess service = new ServiceProcess(port, log, process);
		Instant deadline = Instant.now().plusSeconds(90);
		while (!service.healthy()) {
			if (!process.isAlive() || Instant.now().isAfter(deadline)) {
				service.close();
				throw new IllegalStateException(
						jar.getFileName() + " did not become healthy; see " + log + ":\n" + tail(log));
			}
			Thread.sleep(250);
		}
		return service;
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	String url() {
		return "http://127.0.0.1:" + this.port;
	}

	/** A client of the service's declared API, with the admin token. */
	<T> T api(Class<T> api) {
		return ApiClients.create(api, RestClient.builder(), URI.create(url()), Platform.ADMIN, TIMEOUTS);
	}

	private boolean healthy() {
		try {
			return "UP".equals(api(ServiceHealth.class).health().path("status").asString());
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static String tail(Path log) {
		try {
			List<String> lines = Files.readAllLines(log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return "(no log)";
		}
	}

	boolean alive() {
		return this.process.isAlive();
	}

	/** Kills it as a crash would ({@code kill -9}): no shutdown hook, nothing flushed. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly().waitFor();
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor();
		}
	}

}
