package org.gridfaas.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * Keeps the platform's state to itself once a service has started: {@code $GRIDFAAS_HOME}
 * and its {@code data/}, {@code logs/} and {@code run/} folders lose every permission of
 * others and the group's read and write, and so do the files in them (tokens, the
 * database, the usage log, the services' logs). Only the group's right to pass stays,
 * which the local runtime gives its task sandboxes. Launchers run the services under
 * {@code umask 077}, so that files made later are private from the start.
 */
public class PrivateHome {

	private static final Logger log = LoggerFactory.getLogger(PrivateHome.class);

	private static final Set<PosixFilePermission> TAKEN = EnumSet.of(PosixFilePermission.GROUP_READ,
			PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
			PosixFilePermission.OTHERS_EXECUTE);

	private final Path home;

	public PrivateHome(Path home) {
		this.home = home.toAbsolutePath();
	}

	@EventListener(ApplicationReadyEvent.class)
	public void tighten() {
		tightenOne(this.home);
		for (Path folder : List.of(this.home, this.home.resolve("data"), this.home.resolve("logs"),
				this.home.resolve("run"))) {
			if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
				continue;
			}
			tightenOne(folder);
			try (Stream<Path> entries = Files.list(folder)) {
				entries.filter((entry) -> Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS))
					.forEach(PrivateHome::tightenOne);
			}
			catch (IOException ex) {
				log.warn("Cannot make {} private: {}", folder, ex.getMessage());
			}
		}
	}

	private static void tightenOne(Path path) {
		try {
			Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
			if (permissions.removeAll(TAKEN)) {
				Files.setPosixFilePermissions(path, permissions);
			}
		}
		catch (IOException | UnsupportedOperationException ex) {
			log.warn("Cannot make {} private: {}", path, ex.getMessage());
		}
	}

}
