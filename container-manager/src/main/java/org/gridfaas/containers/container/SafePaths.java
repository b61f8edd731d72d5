package org.gridfaas.containers.container;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Maps object keys to local paths without ever leaving a given folder: keys come from
 * users, so {@code ..}, absolute paths, backslashes and control characters are refused.
 */
public final class SafePaths {

	/**
	 * As long as a task name may be: a result's key ({@code results/<task>/<path>}) must
	 * fit a filesystem backend's 255 bytes per name, with room for its temporary names.
	 */
	private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._+=@,-]{1,160}");

	/** A result's path, within S3's 1,024-byte keys after {@code results/<task>/}. */
	private static final int MAX_PATH = 800;

	private SafePaths() {
	}

	/** {@code folder/relative}, if every segment of {@code relative} is a plain name. */
	public static Optional<Path> resolve(Path folder, String relative) {
		if (relative.isEmpty() || relative.length() > MAX_PATH || relative.startsWith("/") || relative.contains("\\")) {
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
