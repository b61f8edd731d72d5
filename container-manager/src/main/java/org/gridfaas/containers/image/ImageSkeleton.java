package org.gridfaas.containers.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * The parts of an image Apptainer expects besides the owner's files, written into its
 * root after {@code %post}: the mount points a container needs, and
 * {@code /.singularity.d} with the definition's {@code %environment}, {@code %runscript},
 * {@code %labels} and {@code %help}, and the action scripts that load the environment
 * before a command runs. Every path is resolved inside the root ({@link InsideRoot}).
 */
public final class ImageSkeleton {

	/** Mount points: the kernel's, the sandbox's, and the platform's own. */
	private static final List<String> FOLDERS = List.of("/proc", "/sys", "/dev", "/tmp", "/var/tmp", "/home", "/root",
			"/staging", "/task", "/.singularity.d/env", "/.singularity.d/actions", "/.singularity.d/libs");

	private static final String EXEC = """
			#!/bin/sh
			for script in /.singularity.d/env/*.sh; do
			    [ -f "$script" ] && . "$script"
			done
			exec "$@"
			""";

	private static final String RUN = """
			#!/bin/sh
			for script in /.singularity.d/env/*.sh; do
			    [ -f "$script" ] && . "$script"
			done
			exec /.singularity.d/runscript "$@"
			""";

	private static final String DEFAULT_RUNSCRIPT = """
			#!/bin/sh
			exec "$@"
			""";

	private ImageSkeleton() {
	}

	/** Makes the mount points a container needs, where the root lacks them. */
	public static void mountPoints(Path root) {
		InsideRoot inside = new InsideRoot(root);
		try {
			for (String folder : FOLDERS) {
				Path path = inside.forWriting(folder);
				if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
					Files.deleteIfExists(path);
					Files.createDirectory(path);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Writes the mount points and {@code /.singularity.d}, after {@code %post}. */
	public static void write(Path root, Definition definition, JsonMapper json) {
		mountPoints(root);
		InsideRoot inside = new InsideRoot(root);
		try {
			file(inside, "/.singularity.d/env/90-environment.sh",
					"#!/bin/sh\n# %environment\n" + definition.section("environment").orElse(""), false);
			file(inside, "/.singularity.d/runscript",
					definition.section("runscript").map((body) -> "#!/bin/sh\n" + body).orElse(DEFAULT_RUNSCRIPT),
					true);
			file(inside, "/.singularity.d/actions/exec", EXEC, true);
			file(inside, "/.singularity.d/actions/run", RUN, true);
			file(inside, "/.singularity.d/labels.json", json.writeValueAsString(labels(definition)), false);
			if (definition.section("help").isPresent()) {
				file(inside, "/.singularity.d/runscript.help", definition.section("help").get(), false);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** {@code %labels}: a name and a value per line, as Apptainer reads them. */
	private static Map<String, String> labels(Definition definition) {
		Map<String, String> labels = new LinkedHashMap<>();
		for (String line : definition.section("labels").orElse("").split("\n")) {
			String[] parts = line.strip().split("\\s+", 2);
			if (!parts[0].isEmpty() && !parts[0].startsWith("#")) {
				labels.put(parts[0], (parts.length > 1) ? parts[1] : "");
			}
		}
		return labels;
	}

	private static void file(InsideRoot inside, String path, String content, boolean executable) throws IOException {
		Path file = inside.forWriting(path);
		Files.deleteIfExists(file);
		Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
	}

}
