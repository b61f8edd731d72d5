package org.gridfaas.containers.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Paths inside an image's root as the host sees them, resolved as the kernel would inside
 * a {@code chroot}: a link is followed within the root, an absolute link starts again at
 * the root, and {@code ..} stops at it. An owner's image may hold any links (a base
 * image, or what {@code %post} left), so the host never follows one with its own view:
 * {@code /opt -> /etc} in the root leads to {@code <root>/etc}, never the host's.
 */
final class InsideRoot {

	/** As Linux: more links than this on one path is a loop. */
	private static final int MAX_LINKS = 40;

	private final Path root;

	InsideRoot(Path root) {
		this.root = root.toAbsolutePath().normalize();
	}

	/**
	 * The host path of {@code path} in the root, every folder on the way resolved; the
	 * last part is not followed (a link there is replaced by whatever is written), and
	 * missing folders are made.
	 * @throws InvalidImageException when the links loop
	 */
	Path forWriting(String path) {
		List<String> parts = parts(path);
		if (parts.isEmpty()) {
			return this.root;
		}
		Path parent = resolveFolders(parts.subList(0, parts.size() - 1), true);
		return parent.resolve(parts.get(parts.size() - 1));
	}

	private Path resolveFolders(List<String> names, boolean create) {
		Deque<String> pending = new ArrayDeque<>(names);
		Path current = this.root;
		int links = 0;
		try {
			while (!pending.isEmpty()) {
				String name = pending.pollFirst();
				if (name.equals("..")) {
					current = current.equals(this.root) ? current : current.getParent();
					continue;
				}
				Path next = current.resolve(name);
				if (Files.isSymbolicLink(next)) {
					if (++links > MAX_LINKS) {
						throw new InvalidImageException("too many levels of symbolic links under " + name);
					}
					String target = Files.readSymbolicLink(next).toString();
					List<String> targetParts = parts(target);
					for (int i = targetParts.size() - 1; i >= 0; i--) {
						pending.addFirst(targetParts.get(i));
					}
					if (target.startsWith("/")) {
						current = this.root;
					}
					continue;
				}
				if (!Files.exists(next, LinkOption.NOFOLLOW_LINKS) && create) {
					Files.createDirectory(next);
				}
				else if (!Files.isDirectory(next, LinkOption.NOFOLLOW_LINKS)) {
					throw new InvalidImageException(name + " is in the way of a folder in the image");
				}
				current = next;
			}
			return current;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<String> parts(String path) {
		return java.util.Arrays.stream(path.split("/")).filter((part) -> !part.isEmpty() && !part.equals(".")).toList();
	}

}
