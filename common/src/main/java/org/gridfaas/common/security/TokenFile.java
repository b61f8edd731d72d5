package org.gridfaas.common.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A token (the admin's, the metrics scraper's) kept in a file readable by its owner only,
 * generated on first start. Both services of a single-node install share the file, and
 * may start at the same moment: the token is written to a private temporary file and
 * hard-linked into place, which fails if the other service won, so neither ever reads a
 * half-written token.
 */
final class TokenFile {

	private static final Logger log = LoggerFactory.getLogger(TokenFile.class);

	private static final SecureRandom random = new SecureRandom();

	private TokenFile() {
	}

	/** Reads the token, generating the file first if it does not exist. */
	static String readOrCreate(Path file, String what) {
		try {
			if (Files.notExists(file)) {
				create(file, what);
			}
			return Files.readString(file, StandardCharsets.UTF_8).strip();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read or create the " + what + " token file " + file, ex);
		}
	}

	private static void create(Path file, String what) throws IOException {
		Path folder = file.toAbsolutePath().getParent();
		Files.createDirectories(folder);
		Path temporary = Files.createTempFile(folder, "." + what + "-token", ".tmp",
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		try {
			byte[] secret = new byte[32];
			random.nextBytes(secret);
			Files.writeString(temporary, Base64.getUrlEncoder().withoutPadding().encodeToString(secret) + "\n");
			Files.createLink(file, temporary);
			log.info("Generated a new {} token into {}", what, file);
		}
		catch (FileAlreadyExistsException ex) {
			log.debug("Another process created {} first; using its token", file);
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

}
