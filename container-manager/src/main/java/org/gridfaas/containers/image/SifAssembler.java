package org.gridfaas.containers.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.gridfaas.containers.image.ImageBuilder.ImageBuildException;
import org.gridfaas.containers.runtime.CommandFailedException;
import org.gridfaas.containers.runtime.ProcessRunner;

/**
 * Turns a root folder into a SIF file as Apptainer lays one out: the root as a squashfs
 * primary system partition (owned by root throughout, as a {@code --fakeroot} build makes
 * it) and the definition as its deffile object, made with squashfs-tools and sylabs'
 * {@code siftool}, then read back and checked.
 */
public final class SifAssembler {

	/** The most of a step's output a build log keeps. */
	public static final long LOG_LIMIT = 4L * 1024 * 1024;

	private static final ProcessRunner RUNNER = new ProcessRunner(Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"));

	private SifAssembler() {
	}

	/**
	 * Makes {@code target} from {@code root}.
	 * @param work a folder for the intermediate files
	 * @param prefix what each step runs under (the build's cgroup)
	 * @param log where the steps' output goes
	 * @param deadline when the build must be done
	 * @return the SIF file's partition and definition
	 */
	public static SifFile assemble(Path root, String definition, Path work, Path target, List<String> prefix, Path log,
			Instant deadline) {
		try {
			Path squashfs = work.resolve("root.squashfs");
			Path deffile = work.resolve("function.def");
			Files.writeString(deffile, definition, StandardCharsets.UTF_8);
			Files.deleteIfExists(squashfs);
			Files.deleteIfExists(target);
			step("mksquashfs", prefix, List.of("mksquashfs", root.toString(), squashfs.toString(), "-noappend",
					"-all-root", "-no-progress", "-quiet"), log, deadline);
			step("siftool new", List.of(), List.of("siftool", "new", target.toString()), log, deadline);
			step("siftool add", List.of(),
					List.of("siftool", "add", target.toString(), deffile.toString(), "--datatype", "1"), log, deadline);
			step("siftool add", List.of(), List.of("siftool", "add", target.toString(), squashfs.toString(),
					"--datatype", "4", "--parttype", "2", "--partfs", "1", "--partarch", architecture()), log,
					deadline);
			Files.delete(squashfs);
			return SifFile.read(target);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Runs one step of a build, its output to the log; a failure ends the build.
	 * @param what the step, as the owner reads it in the failure's reason
	 * @param prefix what it runs under (the build's cgroup)
	 */
	public static void step(String what, List<String> prefix, List<String> command, Path log, Instant deadline) {
		Duration left = Duration.between(Instant.now(), deadline);
		if (left.isNegative() || left.isZero()) {
			throw new ImageBuildException("the build outlived its timeout before " + what);
		}
		List<String> line = new ArrayList<>(prefix);
		line.addAll(command);
		int code;
		try {
			code = RUNNER.runToLog(line, log, LOG_LIMIT, left);
		}
		catch (CommandFailedException ex) {
			throw new ImageBuildException("the build outlived its timeout during " + what + " and was stopped");
		}
		if (code != 0) {
			throw new ImageBuildException(what + " failed with exit code " + code + "; see logs/build.txt");
		}
	}

	/** siftool's code for the host's architecture, which the image is built for. */
	private static String architecture() {
		return switch (System.getProperty("os.arch").toLowerCase(Locale.ROOT)) {
			case "amd64", "x86_64" -> "2";
			case "aarch64", "arm64" -> "4";
			case "ppc64le" -> "6";
			case "s390x" -> "11";
			case "riscv64" -> "12";
			default -> throw new ImageBuildException("images are not built for " + System.getProperty("os.arch"));
		};
	}

}
