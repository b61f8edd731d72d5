package org.gridfaas.containers.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.gridfaas.common.io.AtomicFiles;
import org.gridfaas.common.naming.ContainerName;

/**
 * The record of each running container on disk, one JSON file per container, written
 * atomically: what lets a restarted ContainerManager adopt the containers it left
 * running, with their instance and restriction.
 */
final class ContainerRecords {

	private static final Logger log = LoggerFactory.getLogger(ContainerRecords.class);

	private final Path folder;

	private final JsonMapper json;

	ContainerRecords(Path folder, JsonMapper json) {
		this.folder = folder;
		this.json = json;
	}

	/** The record of a container, or empty when there is none or it cannot be read. */
	Optional<ContainerRecord> read(ContainerName name) {
		Path file = fileOf(name);
		if (!Files.exists(file)) {
			return Optional.empty();
		}
		try {
			return Optional.of(this.json.readValue(file.toFile(), ContainerRecord.class));
		}
		catch (RuntimeException ex) {
			log.warn("Unreadable container record {}: {}", file, ex.getMessage());
			return Optional.empty();
		}
	}

	void write(ContainerRecord record) {
		try {
			Files.createDirectories(this.folder);
			AtomicFiles.write(fileOf(record.name()), this.json.writeValueAsBytes(record));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the record of container " + record.name(), ex);
		}
	}

	void delete(ContainerName name) {
		try {
			Files.deleteIfExists(fileOf(name));
		}
		catch (IOException ex) {
			log.warn("Cannot delete the record of container {}: {}", name, ex.getMessage());
		}
	}

	private Path fileOf(ContainerName name) {
		return this.folder.resolve(name.value() + ".json");
	}

}
