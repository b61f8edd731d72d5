package org.gridfaas.containers.runtime.apptainer;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.gridfaas.common.naming.UserName;
import org.gridfaas.containers.runtime.ProcessTrees;

/**
 * What the service knows of a container's instance, in its folder (root's, out of the
 * tenant's reach): whose it is, and the PID Apptainer gave its daemon. Instances are
 * found again from it after a restart, without asking Apptainer as every tenant in turn.
 *
 * @param owner whose identity the instance runs under
 * @param pid the instance's process
 */
record InstanceRecord(UserName owner, long pid) {

	private static final Logger log = LoggerFactory.getLogger(InstanceRecord.class);

	private static final String FILE = "instance.properties";

	/** Whether the instance's process still runs. */
	boolean running() {
		return this.pid > 0 && ProcessHandle.of(this.pid).filter(ProcessTrees::running).isPresent();
	}

	void write(Path workFolder) {
		Properties record = new Properties();
		record.setProperty("owner", this.owner.value());
		record.setProperty("pid", Long.toString(this.pid));
		try (Writer out = Files.newBufferedWriter(workFolder.resolve(FILE))) {
			record.store(out, "The Apptainer instance of this container");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Optional<InstanceRecord> read(Path workFolder) {
		Path file = workFolder.resolve(FILE);
		if (!Files.isRegularFile(file)) {
			return Optional.empty();
		}
		try (Reader in = Files.newBufferedReader(file)) {
			Properties record = new Properties();
			record.load(in);
			return Optional.of(new InstanceRecord(UserName.of(record.getProperty("owner")),
					Long.parseLong(record.getProperty("pid"))));
		}
		catch (IOException | RuntimeException ex) {
			log.warn("Cannot read {}: {}", file, ex.getMessage());
			return Optional.empty();
		}
	}

	static void delete(Path workFolder) {
		try {
			Files.deleteIfExists(workFolder.resolve(FILE));
		}
		catch (IOException ex) {
			log.warn("Cannot delete {}: {}", workFolder.resolve(FILE), ex.getMessage());
		}
	}

}
