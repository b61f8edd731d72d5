package org.gridfaas.containers.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.containers.function.FunctionLayout;
import org.gridfaas.containers.store.ObjectStore;
import org.gridfaas.containers.store.StoredObject;
import org.springframework.util.FileSystemUtils;

/**
 * This node's copies of function images: {@code <folder>/<function>/<etag>.sif}, each
 * version fetched once, checked ({@link SifFile}) before it is used, and kept until a
 * newer good version replaces it. A version that fails the check is deleted, and the one
 * before stays in use.
 */
final class ImageCache {

	private static final Logger log = LoggerFactory.getLogger(ImageCache.class);

	private final ObjectStore store;

	private final Path folder;

	private final long maxBytes;

	private final Map<FunctionName, Path> current = new ConcurrentHashMap<>();

	ImageCache(ObjectStore store, Path folder, long maxBytes) {
		this.store = store;
		this.folder = folder;
		this.maxBytes = maxBytes;
	}

	/**
	 * The local copy of this version of the function's image, fetched if this node does
	 * not have it yet.
	 * @throws InvalidImageException when this version is not a usable SIF; the previous
	 * one stays
	 */
	synchronized Path fetch(FunctionName function, StoredObject image) {
		Path file = fileFor(function, image);
		if (Files.isRegularFile(file)) {
			this.current.put(function, file);
			return file;
		}
		if (image.size() > this.maxBytes) {
			throw new InvalidImageException(FunctionLayout.image(function) + " is " + image.size()
					+ " bytes, over the limit of " + this.maxBytes);
		}
		Path partial = file.resolveSibling(".fetch-" + UUID.randomUUID());
		long started = System.nanoTime();
		try {
			Files.createDirectories(file.getParent());
			this.store.download(function.value(), image.key(), partial);
			SifFile.read(partial);
			// An owner's image is theirs alone: the runtime hands it to their tenant to
			// run.
			Files.setPosixFilePermissions(partial,
					java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
			Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
			Optional<Path> previous = Optional.ofNullable(this.current.put(function, file));
			previous.filter((old) -> !old.equals(file)).ifPresent(ImageCache::deleteQuietly);
			log.info("Fetched the image of {} ({} bytes) in {} ms", function, image.size(),
					(System.nanoTime() - started) / 1_000_000);
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot fetch the image of " + function, ex);
		}
		finally {
			deleteQuietly(partial);
		}
	}

	/**
	 * The last good image this node fetched, if any: what runs while a newer one is
	 * unusable.
	 */
	synchronized Optional<Path> previous(FunctionName function) {
		Path known = this.current.get(function);
		if (known != null && Files.isRegularFile(known)) {
			return Optional.of(known);
		}
		// After a restart: the newest checked copy on disk.
		try (Stream<Path> files = Files.list(this.folder.resolve(function.value()))) {
			Optional<Path> newest = files.filter((file) -> file.getFileName().toString().endsWith(".sif"))
				.max(Comparator.comparing(ImageCache::modified));
			newest.ifPresent((file) -> this.current.put(function, file));
			return newest;
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	/** Drops every copy of a deleted function's image. */
	synchronized void forget(FunctionName function) {
		this.current.remove(function);
		try {
			FileSystemUtils.deleteRecursively(this.folder.resolve(function.value()));
		}
		catch (IOException ex) {
			log.warn("Cannot delete the cached images of {}: {}", function, ex.getMessage());
		}
	}

	private Path fileFor(FunctionName function, StoredObject image) {
		String tag = (image.etag() != null) ? image.etag() : image.size() + "-" + image.lastModified();
		return this.folder.resolve(function.value()).resolve(tag.replaceAll("[^A-Za-z0-9-]", "") + ".sif");
	}

	private static long modified(Path file) {
		try {
			return Files.getLastModifiedTime(file).toMillis();
		}
		catch (IOException ex) {
			return 0;
		}
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			log.warn("Cannot delete {}: {}", file, ex.getMessage());
		}
	}

}
