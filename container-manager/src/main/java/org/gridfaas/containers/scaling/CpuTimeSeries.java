package org.gridfaas.containers.scaling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

import tools.jackson.databind.json.JsonMapper;

/**
 * Every scaling window of every container as a JSON line in
 * {@code $GRIDFAAS_HOME/data/cpu.jsonl}: max, allocated and used shares and the
 * restriction, which the experiment plots read.
 */
public class CpuTimeSeries {

	private final Path file;

	private final JsonMapper json;

	public CpuTimeSeries(Path file, JsonMapper json) {
		this.file = file;
		this.json = json;
	}

	/**
	 * One line of the series.
	 *
	 * @param at when the window ended
	 * @param container the container
	 * @param function its function
	 * @param owner who pays for it
	 * @param max the most it may get, shares
	 * @param allocated the limit in force, shares
	 * @param used what it used on average over the window, shares
	 * @param restricted whether it was pinned at the floor
	 */
	public record Point(Instant at, String container, String function, String owner, int max, int allocated, int used,
			boolean restricted) {
	}

	public synchronized void append(Point point) {
		try {
			Files.createDirectories(this.file.toAbsolutePath().getParent());
			Files.writeString(this.file, this.json.writeValueAsString(point) + "\n", StandardCharsets.UTF_8,
					StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot append to " + this.file, ex);
		}
	}

}
