package org.gridfaas.containers.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The mounts the local runtime and the image builder make, as root: a size-capped tmpfs,
 * and an image's squashfs partition, read-only, through a loop device. Every mount is
 * {@code nosuid}, and all but a build's root {@code nodev}: nothing in an owner's image
 * or files gains privileges on the host.
 */
public final class Mounts {

	private static final ProcessRunner RUNNER = new ProcessRunner(Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"));

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private Mounts() {
	}

	/**
	 * Mounts a tmpfs of {@code bytes} over {@code folder}, with extra options; never
	 * set-uid, and without devices unless {@code devices} (debootstrap makes the nodes of
	 * a new root's {@code /dev}, and checks that it can).
	 */
	public static void tmpfs(Path folder, long bytes, String options, boolean devices) {
		RUNNER.run(List.of("mount", "-t", "tmpfs", "-o",
				"size=" + bytes + "," + options + ",nosuid" + (devices ? "" : ",nodev"), "gridfaas-tmpfs",
				folder.toString()), TIMEOUT);
	}

	/**
	 * Mounts the squashfs that lies at {@code offset} in {@code image} (a SIF's system
	 * partition) read-only over {@code folder}.
	 */
	public static void squashfs(Path image, long offset, long size, Path folder) {
		RUNNER.run(List.of("mount", "-t", "squashfs", "-o",
				"loop,ro,nosuid,nodev,offset=" + offset + ",sizelimit=" + size, image.toString(), folder.toString()),
				TIMEOUT);
	}

	/**
	 * Unmounts {@code folder} if something is mounted there; lazily, as a dying process
	 * may hold it.
	 */
	public static void unmount(Path folder) {
		if (mounted(folder)) {
			RUNNER.run(List.of("umount", "--lazy", folder.toString()), TIMEOUT);
		}
	}

	/** Whether a mount's target is exactly this folder ({@code /proc/self/mounts}). */
	public static boolean mounted(Path folder) {
		String target = folder.toAbsolutePath().normalize().toString().replace(" ", "\\040");
		try {
			return Files.readAllLines(Path.of("/proc/self/mounts"), StandardCharsets.UTF_8)
				.stream()
				.map((line) -> line.split(" "))
				.anyMatch((fields) -> fields.length > 1 && fields[1].equals(target));
		}
		catch (IOException ex) {
			return false;
		}
	}

}
