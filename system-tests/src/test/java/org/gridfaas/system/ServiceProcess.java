package org.gridfaas.system;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One gridfaas service started from its jar, as {@code deploy.sh} starts it, with its
 * output in a log file. Closing it stops it the way an operator would (SIGTERM).
 */
final class ServiceProcess implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

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

	HttpResponse<String> send(String method, String path, String token, String json) throws Exception {
		return send(method, path, token, json, null);
	}

	/** A call with an {@code Idempotency-Key}, where one is given. */
	HttpResponse<String> send(String method, String path, String token, String json, String idempotencyKey)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path))
			.timeout(Duration.ofSeconds(30))
			.method(method,
					(json != null) ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody());
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		if (idempotencyKey != null) {
			request.header("Idempotency-Key", idempotencyKey);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private boolean healthy() {
		try {
			return send("GET", "/actuator/health", null, null).statusCode() == 200;
		}
		catch (Exception ex) {
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
