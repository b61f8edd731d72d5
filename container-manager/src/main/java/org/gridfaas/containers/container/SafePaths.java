package org.gridfaas.containers.container;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Maps object keys to local paths without ever leaving a given folder: keys come from
 * users, so {@code ..}, absolute paths, backslashes and control characters are refused.
 */
public final class SafePaths {

	private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._+=@,-]{1,255}");

	private SafePaths() {
	}

	/** {@code folder/relative}, if every segment of {@code relative} is a plain name. */
	public static Optional<Path> resolve(Path folder, String relative) {
		if (relative.isEmpty() || relative.startsWith("/") || relative.contains("\\")) {
			return Optional.empty();
		}
		Path path = folder;
		for (String segment : relative.split("/", -1)) {
			if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
				return Optional.empty();
			}
			path = path.resolve(segment);
		}
		Path normalized = path.normalize();
		return normalized.startsWith(folder.normalize()) ? Optional.of(normalized) : Optional.empty();
	}

}
