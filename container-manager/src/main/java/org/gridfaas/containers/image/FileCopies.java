package org.gridfaas.containers.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

import org.gridfaas.containers.image.Definition.FileCopy;
import org.gridfaas.containers.image.ImageBuilder.ImageBuildException;

/**
 * {@code %files}: copies from the function's staging data into the image's root, before
 * {@code %post} as Apptainer does. A source is looked up in staging only; a destination
 * is resolved inside the root; links are copied as links, never followed.
 */
public final class FileCopies {

	private FileCopies() {
	}

	public static void copy(List<FileCopy> copies, Path staging, Path root) {
		InsideRoot inside = new InsideRoot(root);
		for (FileCopy copy : copies) {
			Path source = staging.resolve(copy.source()).normalize();
			if (!source.startsWith(staging) || !Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
				throw new ImageBuildException("%files, line " + copy.line() + ": staging/" + copy.source()
						+ " does not exist; upload it to the function's staging/ first");
			}
			Path target = inside.forWriting(copy.destination());
			if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
				target = target.resolve(source.getFileName().toString());
			}
			try {
				copyTree(source, target);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	private static void copyTree(Path source, Path target) throws IOException {
		try (Stream<Path> walk = Files.walk(source)) {
			for (Path from : (Iterable<Path>) walk::iterator) {
				Path to = target.resolve(source.relativize(from).toString());
				if (Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
					if (!Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) {
						Files.deleteIfExists(to);
						Files.createDirectory(to);
					}
				}
				else {
					Files.deleteIfExists(to);
					Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
				}
			}
		}
	}

}
