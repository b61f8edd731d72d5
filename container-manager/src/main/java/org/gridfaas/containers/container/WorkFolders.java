package org.gridfaas.containers.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.containers.function.FunctionLayout;
import org.gridfaas.containers.store.ObjectStore;
import org.gridfaas.containers.store.StoredObject;
import org.springframework.util.FileSystemUtils;

/** Prepares a container's folders: emptied before a start, staging data fetched. */
public final class WorkFolders {

	private static final Logger log = LoggerFactory.getLogger(WorkFolders.class);

	private final ObjectStore store;

	public WorkFolders(ObjectStore store) {
		this.store = store;
	}

	/** Copies the function's {@code staging/} objects into {@code folder}. */
	public void fetchStaging(FunctionName function, Path folder) {
		try {
			Files.createDirectories(folder);
			for (StoredObject object : this.store.list(function.value(), FunctionLayout.STAGING)) {
				String relative = object.key().substring(FunctionLayout.STAGING.length());
				Optional<Path> target = SafePaths.resolve(folder, relative);
				if (target.isEmpty()) {
					log.warn("Skipping staging object of {} with an unsafe key", function);
					continue;
				}
				Files.createDirectories(target.get().getParent());
				this.store.download(function.value(), object.key(), target.get());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot prepare the staging folder " + folder, ex);
		}
	}

	/** Makes {@code folder} exist and empty. */
	static void reset(Path folder) {
		try {
			Files.createDirectories(folder);
			// Emptied, not removed: the folder may be a mount point (the tasks tmpfs).
			try (Stream<Path> children = Files.list(folder)) {
				for (Path child : (Iterable<Path>) children::iterator) {
					FileSystemUtils.deleteRecursively(child);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot prepare " + folder, ex);
		}
	}

}
