package org.gridfaas.containers.task;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import org.gridfaas.containers.container.SafePaths;
import org.gridfaas.containers.runtime.ProcessTrees;
import org.gridfaas.containers.runtime.RuntimeFailure;
import org.gridfaas.containers.runtime.TenantIds.TenantId;

/**
 * Takes the files a finished task left in its output folder, reading them as the task's
 * own identity. {@code tar} runs under the tenant's uid and streams the folder through a
 * pipe, so it can read nothing the task could not, and it archives a link as a link
 * rather than what it points at. Of that stream only regular files with safe names are
 * passed on, each straight to the store; links, devices, pipes and unsafe names are
 * reported, never followed. It runs once every process of the task is dead, so nothing
 * changes underneath it.
 */
final class ResultCollector {

	/** How long reading one task's results may take before it counts as failed. */
	private static final Duration TIMEOUT = Duration.ofMinutes(10);

	private final String tar;

	ResultCollector(String tar) {
		this.tar = tar;
	}

	/**
	 * Whether the folder has no entries. Only names are read, as the service; the task's
	 * files themselves are read by tar, as the task's identity. A folder the service
	 * cannot read is left to tar, which reports it.
	 */
	private static boolean isEmpty(Path folder) {
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
			return !entries.iterator().hasNext();
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Passes each result in {@code output} to {@code sink}, by its path below it.
	 * @param tenant who reads them; empty where the service cannot change identity
	 */
	Collected collect(Optional<TenantId> tenant, Path output, Sink sink) throws IOException {
		if (!Files.isDirectory(output, LinkOption.NOFOLLOW_LINKS)) {
			// The task replaced its output folder (with a link, say): tar would follow
			// it.
			return new Collected(List.of(), List.of("(the output folder itself: it is no longer a folder)"));
		}
		if (isEmpty(output)) {
			// Most tasks file no results: no tar to start for them.
			return new Collected(List.of(), List.of());
		}
		List<String> command = new ArrayList<>(tenant.map((id) -> id.setpriv(true)).orElse(List.of()));
		command.addAll(List.of(this.tar, "--create", "--file=-", "--format=posix", "--directory=" + output, "."));
		ProcessBuilder builder = new ProcessBuilder(command).directory(output.toFile())
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
		builder.environment().clear();
		builder.environment().put("PATH", "/usr/bin:/bin");
		Process process = builder.start();
		Collected collected;
		try (InputStream stream = process.getInputStream()) {
			collected = unpack(stream, sink);
		}
		finally {
			// tar's output is read to its end, or unpacking failed: either way nothing it
			// started has more to say.
			process.descendants().forEach(ProcessTrees::kill);
		}
		try {
			if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				ProcessTrees.kill(process.toHandle());
				throw new RuntimeFailure("reading its results took longer than " + TIMEOUT.toMinutes() + " minutes");
			}
		}
		catch (InterruptedException ex) {
			ProcessTrees.kill(process.toHandle());
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

	private static Collected unpack(InputStream stream, Sink sink) throws IOException {
		Set<String> files = new LinkedHashSet<>();
		List<String> skipped = new ArrayList<>();
		TarArchiveInputStream archive = new TarArchiveInputStream(stream);
		for (TarArchiveEntry entry = archive.getNextEntry(); entry != null; entry = archive.getNextEntry()) {
			String name = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
			if (entry.isDirectory() || name.isEmpty()) {
				continue;
			}
			if (!isRegularFile(entry) || SafePaths.resolve(Path.of("/"), name).isEmpty() || !files.add(name)) {
				skipped.add(name.replaceAll("\\p{Cntrl}", "?"));
				continue;
			}
			sink.accept(name, archive, entry.getSize());
		}
		return new Collected(List.copyOf(files), skipped);
	}

	/**
	 * A plain file's entry; {@link TarArchiveEntry#isFile()} also says yes to links and
	 * pipes.
	 */
	private static boolean isRegularFile(TarArchiveEntry entry) {
		return entry.getLinkFlag() == TarConstants.LF_NORMAL || entry.getLinkFlag() == TarConstants.LF_OLDNORM;
	}

	/** Where each result goes, as it is read. */
	@FunctionalInterface
	interface Sink {

		/** Takes one result: exactly {@code size} bytes to read from {@code body}. */
		void accept(String path, InputStream body, long size) throws IOException;

	}

	/**
	 * What was collected.
	 *
	 * @param files the results passed on, by their path below the output folder
	 * @param skipped what was left out: not a regular file, or an unsafe or too long name
	 */
	record Collected(List<String> files, List<String> skipped) {
	}

}
