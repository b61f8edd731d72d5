package org.gridfaas.containers.usage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import org.gridfaas.common.api.UsagePage;
import org.gridfaas.common.api.UsageRecord;
import org.gridfaas.common.cpu.CpuShares;
import org.gridfaas.common.io.AtomicFiles;
import org.gridfaas.common.naming.ContainerName;
import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.common.naming.UserName;

/**
 * The readings of containers' cumulative CPU counters that CreditManager bills from, each
 * with a sequence number. Every reading is appended to a JSON-lines file and synced
 * before it is served, so a restart loses none; a reading is dropped only once
 * CreditManager has acknowledged it, having stored what it billed from it.
 */
public class UsageLog {

	/** Rewrite the file once this many acknowledged readings can go. */
	private static final int COMPACT_AFTER = 1000;

	private final Path file;

	private final JsonMapper json;

	private final List<UsageRecord> records = new ArrayList<>();

	private long lastSeq;

	private final String id;

	private int acknowledgedInFile;

	/** The last acknowledged reading: the file keeps it when it keeps nothing else. */
	private UsageRecord highWaterMark;

	public UsageLog(Path file, JsonMapper json) {
		this.file = file;
		this.json = json;
		load();
		this.id = loadId(file.resolveSibling(file.getFileName() + ".id"));
	}

	/** The log's identity, made when the log is; kept beside it. */
	private static String loadId(Path idFile) {
		try {
			if (Files.exists(idFile)) {
				return Files.readString(idFile, StandardCharsets.US_ASCII).strip();
			}
			String id = UUID.randomUUID().toString();
			AtomicFiles.write(idFile, (id + "\n").getBytes(StandardCharsets.US_ASCII));
			return id;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read or make the usage log's id " + idFile, ex);
		}
	}

	/** The log's identity, which cursors belong to. */
	public String id() {
		return this.id;
	}

	private void load() {
		try {
			Files.createDirectories(this.file.toAbsolutePath().getParent());
			if (Files.exists(this.file)) {
				for (String line : Files.readAllLines(this.file, StandardCharsets.UTF_8)) {
					if (!line.isBlank()) {
						UsageRecord record = this.json.readValue(line, UsageRecord.class);
						this.records.add(record);
						this.lastSeq = Math.max(this.lastSeq, record.seq());
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the usage log " + this.file, ex);
		}
	}

	/** Appends a reading and returns it with its sequence number. */
	public synchronized UsageRecord append(ContainerName container, String instance, UserName user,
			FunctionName function, Duration cpu, CpuShares allocated, Instant at, boolean last) {
		UsageRecord record = new UsageRecord(this.lastSeq + 1, container, instance, user, function, seconds(cpu),
				allocated, at, last);
		write(record);
		this.lastSeq = record.seq();
		this.records.add(record);
		return record;
	}

	/** The readings after {@code cursor}, oldest first, at most {@code limit}. */
	public synchronized UsagePage page(long cursor, int limit) {
		return page(cursor, this.id, limit);
	}

	/**
	 * The readings after {@code cursor} of log {@code log}; a reader that knows another
	 * log (or none) is served this one from its start. Reading changes nothing.
	 */
	public synchronized UsagePage page(long requested, String log, int limit) {
		long cursor = this.id.equals(log) ? requested : 0;
		List<UsageRecord> page = this.records.stream().filter((record) -> record.seq() > cursor).limit(limit).toList();
		// A cursor past anything this log handed out belongs to a log that was lost: tell
		// the reader where this one stands, so it reads from there.
		long next = page.isEmpty() ? Math.min(cursor, this.lastSeq) : page.get(page.size() - 1).seq();
		boolean more = this.records.stream().anyMatch((record) -> record.seq() > next);
		return new UsagePage(page, next, more, this.id);
	}

	/**
	 * The reader has stored everything up to {@code cursor} of log {@code log}: those
	 * readings may go, and the file is compacted once enough have. A cursor of another
	 * log, or past anything this log handed out, acknowledges nothing.
	 * @return whether anything up to the cursor is acknowledged now
	 */
	public synchronized boolean acknowledge(String log, long cursor) {
		if (!this.id.equals(log) || cursor > this.lastSeq) {
			return false;
		}
		acknowledge(cursor);
		return true;
	}

	private void acknowledge(long cursor) {
		this.records.stream()
			.filter((record) -> record.seq() <= cursor)
			.reduce((first, second) -> second)
			.ifPresent((last) -> this.highWaterMark = last);
		int before = this.records.size();
		this.records.removeIf((record) -> record.seq() <= cursor);
		this.acknowledgedInFile += before - this.records.size();
		if (this.acknowledgedInFile >= COMPACT_AFTER) {
			compact();
		}
	}

	private void write(UsageRecord record) {
		byte[] line = (this.json.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
		try (FileChannel channel = FileChannel.open(this.file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
				StandardOpenOption.WRITE)) {
			channel.write(ByteBuffer.wrap(line));
			channel.force(false);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot append to the usage log " + this.file, ex);
		}
	}

	/**
	 * Rewrites the file without acknowledged readings: a new file, synced, renamed over.
	 */
	private void compact() {
		try {
			StringBuilder lines = new StringBuilder();
			if (this.records.isEmpty() && this.highWaterMark != null) {
				// Kept so that sequence numbers go on from here after a restart.
				lines.append(this.json.writeValueAsString(this.highWaterMark)).append('\n');
			}
			for (UsageRecord record : this.records) {
				lines.append(this.json.writeValueAsString(record)).append('\n');
			}
			AtomicFiles.write(this.file, lines.toString().getBytes(StandardCharsets.UTF_8));
			this.acknowledgedInFile = 0;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot compact the usage log " + this.file, ex);
		}
	}

	/** CPU time as seconds with nanosecond precision, exact. */
	static BigDecimal seconds(Duration cpu) {
		return BigDecimal.valueOf(cpu.getSeconds()).add(BigDecimal.valueOf(cpu.getNano(), 9));
	}

}
