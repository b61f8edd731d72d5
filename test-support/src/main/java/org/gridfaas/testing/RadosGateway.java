package org.gridfaas.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.minio.MinioClient;

/**
 * A real distributed object store for tests: a Ceph cluster of one monitor and one
 * in-memory OSD with radosgw serving S3 on a free loopback port, started by
 * {@code deployment/ceph/loopback-radosgw.sh}. It takes about 12 s to start, so a JVM
 * shares one ({@link #shared()}), stopped when the JVM exits; tests keep apart by bucket.
 */
public final class RadosGateway implements AutoCloseable {

	private static final String SCRIPT = "deployment/ceph/loopback-radosgw.sh";

	private static RadosGateway shared;

	private final Path script;

	private final Path folder;

	private final String endpoint;

	private final String accessKey;

	private final String secretKey;

	private RadosGateway(Path script, Path folder, String endpoint, String accessKey, String secretKey) {
		this.script = script;
		this.folder = folder;
		this.endpoint = endpoint;
		this.accessKey = accessKey;
		this.secretKey = secretKey;
	}

	/** Whether Ceph's daemons are installed here; CI installs them. */
	public static boolean installed() {
		return Files.isExecutable(Paths.get("/usr/bin/radosgw")) && Files.isExecutable(Paths.get("/usr/bin/ceph-mon"))
				&& Files.isExecutable(Paths.get("/usr/bin/ceph-osd"));
	}

	/** The JVM's cluster, started on first use. */
	public static synchronized RadosGateway shared() {
		if (shared == null) {
			shared = start();
			RadosGateway started = shared;
			Runtime.getRuntime().addShutdownHook(new Thread(started::close, "radosgw-stop"));
		}
		return shared;
	}

	/** Starts a cluster of its own; {@link #close()} stops it and removes its files. */
	public static RadosGateway start() {
		Path script = locateScript();
		try {
			Path folder = Files.createTempDirectory("radosgw-");
			int port = S3ProxyServer.freePort();
			Path out = folder.resolve("start.out");
			Process process = new ProcessBuilder(
					List.of(script.toString(), "start", folder.toString(), Integer.toString(port)))
				.redirectErrorStream(true)
				.redirectOutput(out.toFile())
				.start();
			if (!process.waitFor(180, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("radosgw did not start within 180 s:\n" + Files.readString(out));
			}
			List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
			String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
			String[] words = last.split(" ");
			if (process.exitValue() != 0 || words.length != 3 || !words[0].startsWith("http://")) {
				throw new IllegalStateException(
						"radosgw did not start (exit " + process.exitValue() + "):\n" + String.join("\n", lines));
			}
			return new RadosGateway(script, folder, words[0], words[1], words[2]);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while starting radosgw", ex);
		}
	}

	private static Path locateScript() {
		for (Path folder = Paths.get("").toAbsolutePath(); folder != null; folder = folder.getParent()) {
			Path script = folder.resolve(SCRIPT);
			if (Files.isExecutable(script)) {
				return script;
			}
		}
		throw new IllegalStateException("No " + SCRIPT + " above " + Paths.get("").toAbsolutePath());
	}

	/** The S3 endpoint, e.g. {@code http://127.0.0.1:41234}. */
	public String endpoint() {
		return this.endpoint;
	}

	public String accessKey() {
		return this.accessKey;
	}

	public String secretKey() {
		return this.secretKey;
	}

	/** A MinIO client for this gateway; close it when done. */
	public MinioClient client() {
		return MinioClient.builder().endpoint(this.endpoint).credentials(this.accessKey, this.secretKey).build();
	}

	@Override
	public void close() {
		try {
			Process stop = new ProcessBuilder(List.of(this.script.toString(), "stop", this.folder.toString()))
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			stop.waitFor(30, TimeUnit.SECONDS);
			try (var files = Files.walk(this.folder)) {
				for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
					Files.deleteIfExists(file);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
