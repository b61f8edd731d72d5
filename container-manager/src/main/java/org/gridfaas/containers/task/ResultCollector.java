package org.gridfaas.containers.task;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import org.gridfaas.containers.container.SafePaths;
import org.gridfaas.containers.runtime.RuntimeFailure;
import org.gridfaas.containers.runtime.TenantIds.TenantId;

/**
 * Takes the files a finished task left in its output folder, reading them as the task's
 * own identity. {@code tar} runs under the tenant's uid and streams the folder through a
 * pipe, so it can read nothing the task could not, and it archives a link as a link
 * rather than what it points at. Of that stream only regular files with safe names are
 * written, into a folder of the service's that no task ever saw; links, devices, pipes
 * and unsafe names are reported, never followed.
 */
final class ResultCollector {

	/** How long reading one task's results may take before it counts as failed. */
	private static final Duration TIMEOUT = Duration.ofMinutes(10);

	private final String tar;

	ResultCollector(String tar) {
		this.tar = tar;
	}

	/**
	 * Copies the results in {@code output} into {@code into}, which must not exist yet.
	 * @param tenant who reads them; empty where the service cannot change identity
	 */
	Collected collect(Optional<TenantId> tenant, Path output, Path into) throws IOException {
		List<String> command = new ArrayList<>(tenant.map((id) -> id.setpriv(true)).orElse(List.of()));
		command.addAll(List.of(this.tar, "--create", "--file=-", "--format=posix", "--directory=" + output, "."));
		Files.createDirectory(into);
		ProcessBuilder builder = new ProcessBuilder(command).directory(output.toFile())
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
		builder.environment().clear();
		builder.environment().put("PATH", "/usr/bin:/bin");
		Process process = builder.start();
		Collected collected;
		try (InputStream stream = process.getInputStream()) {
			collected = unpack(stream, into);
		}
		finally {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
		}
		try {
			if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new RuntimeFailure("reading its results took longer than " + TIMEOUT.toMinutes() + " minutes");
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new RuntimeFailure("Interrupted while reading a task's results", ex);
		}
		if (process.exitValue() != 0) {
			// GNU tar exits 2 for files it could not read (the task made them
			// unreadable to itself); what it could read is in the stream.
			collected.skipped().add("(some files could not be read: tar exited " + process.exitValue() + ")");
		}
		return collected;
	}

	private static Collected unpack(InputStream stream, Path into) throws IOException {
		Map<String, Path> files = new LinkedHashMap<>();
		List<String> skipped = new ArrayList<>();
		TarArchiveInputStream archive = new TarArchiveInputStream(stream);
		for (TarArchiveEntry entry = archive.getNextEntry(); entry != null; entry = archive.getNextEntry()) {
			String name = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
			if (entry.isDirectory() || name.isEmpty()) {
				continue;
			}
			Optional<Path> target = isRegularFile(entry) ? SafePaths.resolve(into, name) : Optional.empty();
			if (target.isEmpty() || !write(archive, target.get())) {
				skipped.add(name.replaceAll("\\p{Cntrl}", "?"));
				continue;
			}
			files.put(name, target.get());
		}
		return new Collected(files, skipped);
	}

	/**
	 * A plain file's entry; {@link TarArchiveEntry#isFile()} also says yes to links and
	 * pipes.
	 */
	private static boolean isRegularFile(TarArchiveEntry entry) {
		return entry.getLinkFlag() == TarConstants.LF_NORMAL || entry.getLinkFlag() == TarConstants.LF_OLDNORM;
	}

	/** Writes one entry; false where its name clashes with one already written. */
	private static boolean write(InputStream entry, Path target) throws IOException {
		try {
			Files.createDirectories(target.getParent());
			Files.copy(entry, target);
			return true;
		}
		catch (java.nio.file.FileAlreadyExistsException ex) {
			return false;
		}
	}

	/**
	 * What was collected.
	 *
	 * @param files the results by their path below the output folder
	 * @param skipped what was left out: not a regular file, or an unsafe or too long name
	 */
	record Collected(Map<String, Path> files, List<String> skipped) {
	}

}
