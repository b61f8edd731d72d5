package org.gridfaas.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.minio.MinioClient;

/**
 * A real S3 server for tests: S3Proxy with its filesystem backend, started as its own
 * process on a free loopback port from the jar Maven copied into {@code target/s3proxy}
 * (system property {@code gridfaas.test.s3proxy-jar}). Each server gets fresh credentials
 * and an empty data folder; {@link #close()} stops the process.
 */
public final class S3ProxyServer implements AutoCloseable {

	/** Where the build puts the S3Proxy jar; see the parent pom. */
	public static final String JAR_PROPERTY = "gridfaas.test.s3proxy-jar";

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

	private final Process process;

	private final int port;

	private final String accessKey;

	private final String secretKey;

	private final Path dataFolder;

	private S3ProxyServer(Process process, int port, String accessKey, String secretKey, Path dataFolder) {
		this.process = process;
		this.port = port;
		this.accessKey = accessKey;
		this.secretKey = secretKey;
		this.dataFolder = dataFolder;
	}

	/** Starts a server that keeps its buckets under a new temporary folder. */
	public static S3ProxyServer start() {
		try {
			return start(Files.createTempDirectory("s3proxy-"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Starts a server that keeps its buckets under {@code dataFolder}. */
	public static S3ProxyServer start(Path dataFolder) {
		Path jar = locateJar();
		try {
			Path buckets = Files.createDirectories(dataFolder.resolve("buckets"));
			int port = freePort();
			String accessKey = "test-" + UUID.randomUUID().toString().substring(0, 8);
			String secretKey = UUID.randomUUID().toString();
			Path properties = dataFolder.resolve("s3proxy.conf");
			Files.writeString(properties,
					String.join("\n", "s3proxy.endpoint=http://127.0.0.1:" + port, "s3proxy.authorization=aws-v2-or-v4",
							"s3proxy.identity=" + accessKey, "s3proxy.credential=" + secretKey,
							"jclouds.provider=filesystem", "jclouds.filesystem.basedir=" + buckets.toAbsolutePath(),
							""));
			Path log = dataFolder.resolve("s3proxy.log");
			Process process = new ProcessBuilder(List.of(javaExecutable(), "-Xmx256m", "-jar", jar.toString(),
					"--properties", properties.toString()))
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			S3ProxyServer server = new S3ProxyServer(process, port, accessKey, secretKey, dataFolder);
			server.awaitListening(log);
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start S3Proxy from " + jar, ex);
		}
	}

	private void awaitListening(Path log) throws IOException {
		Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(
						"S3Proxy exited with " + this.process.exitValue() + ":\n" + Files.readString(log));
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
				return;
			}
			catch (IOException notYet) {
				sleep(Duration.ofMillis(100));
			}
		}
		close();
		throw new IllegalStateException(
				"S3Proxy did not listen within " + STARTUP_TIMEOUT + ":\n" + Files.readString(log));
	}

	private static Path locateJar() {
		String configured = System.getProperty(JAR_PROPERTY);
		Path jar = (configured != null) ? Paths.get(configured) : Paths.get("target", "s3proxy", "s3proxy.jar");
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("No S3Proxy jar at " + jar.toAbsolutePath()
					+ ". Run the tests through Maven (./mvnw verify), which copies it there.");
		}
		return jar;
	}

	private static String javaExecutable() {
		return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for S3Proxy", ex);
		}
	}

	/** The endpoint URL, e.g. {@code http://127.0.0.1:41234}. */
	public String endpoint() {
		return "http://127.0.0.1:" + this.port;
	}

	public int port() {
		return this.port;
	}

	public String accessKey() {
		return this.accessKey;
	}

	public String secretKey() {
		return this.secretKey;
	}

	/** The folder under which S3Proxy keeps one directory per bucket. */
	public Path bucketsFolder() {
		return this.dataFolder.resolve("buckets");
	}

	/** A MinIO client for this server; close it when done. */
	public MinioClient client() {
		return MinioClient.builder().endpoint(endpoint()).credentials(this.accessKey, this.secretKey).build();
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
