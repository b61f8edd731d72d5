package org.gridfaas.common.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Files replaced whole or not at all: the content goes to {@code <name>.tmp} beside the
 * target, is forced to disk, and is renamed over the target in one step, so a crash
 * leaves either the old content or the new, never a torn file.
 */
public final class AtomicFiles {

	private AtomicFiles() {
	}

	/** Replaces {@code target}'s content with {@code content}. */
	public static void write(Path target, byte[] content) throws IOException {
		Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
		try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.TRUNCATE_EXISTING)) {
			ByteBuffer bytes = ByteBuffer.wrap(content);
			while (bytes.hasRemaining()) {
				channel.write(bytes);
			}
			channel.force(true);
		}
		Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
	}

}
