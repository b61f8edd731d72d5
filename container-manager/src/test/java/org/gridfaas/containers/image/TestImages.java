package org.gridfaas.containers.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Small real images for tests, made with the tools Apptainer's format is defined by:
 * Debian's busybox-static as the whole root, squashfs-tools, and sylabs' siftool.
 */
public final class TestImages {

	private TestImages() {
	}

	/**
	 * A SIF whose root is busybox alone ({@code /bin/sh}, a {@code bash} that runs
	 * busybox's ash, and its applets), with a marker file {@code /image-marker} that no
	 * host has.
	 */
	public static Path busyboxSif(Path folder, String definition) throws Exception {
		Path root = Files.createDirectories(folder.resolve("busybox-root-" + System.nanoTime()));
		Path bin = Files.createDirectories(root.resolve("bin"));
		Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
		for (String applet : run(List.of("/bin/busybox", "--list")).split("\n")) {
			if (!applet.isBlank() && !applet.equals("busybox")) {
				Files.createSymbolicLink(bin.resolve(applet.strip()), Path.of("busybox"));
			}
		}
		// busybox runs the applet its name says, and has no "bash": ash stands in.
		Path bash = Files.writeString(bin.resolve("bash"), "#!/bin/sh\nexec /bin/sh \"$@\"\n");
		Files.setPosixFilePermissions(bash, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
		Files.writeString(root.resolve("image-marker"), "inside the busybox image\n");
		Path squashfs = folder.resolve("root-" + System.nanoTime() + ".squashfs");
		run(List.of("mksquashfs", root.toString(), squashfs.toString(), "-noappend", "-all-root", "-quiet"));
		Path def = Files.writeString(folder.resolve("image-" + System.nanoTime() + ".def"), definition,
				StandardCharsets.UTF_8);
		Path sif = folder.resolve("busybox-" + System.nanoTime() + ".sif");
		run(List.of("siftool", "new", sif.toString()));
		run(List.of("siftool", "add", sif.toString(), def.toString(), "--datatype", "1"));
		run(List.of("siftool", "add", sif.toString(), squashfs.toString(), "--datatype", "4", "--parttype", "2",
				"--partfs", "1", "--partarch", "2"));
		return sif;
	}

	/** Runs a command to its end; its output, or an error with it. */
	public static String run(List<String> command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (process.waitFor() != 0) {
			throw new IOException(command + " failed: " + output);
		}
		return output;
	}

}
