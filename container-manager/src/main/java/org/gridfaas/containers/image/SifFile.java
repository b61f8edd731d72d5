package org.gridfaas.containers.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * What the platform needs of a Singularity Image Format file (Apptainer's {@code .sif},
 * spec version 01, as sylabs/sif writes it): the primary system partition, a squashfs
 * that becomes a container's root, and the definition it was built from. Reading checks
 * what a hostile upload could get wrong: the magic, the descriptor table inside the file,
 * the partition inside the file, and the squashfs magic at its start.
 *
 * @param partitionOffset where the primary system partition starts in the file
 * @param partitionSize its size in bytes
 * @param definition the definition file object, if the image carries one
 */
public record SifFile(long partitionOffset, long partitionSize, Optional<String> definition) {

	/** The global header: launch script (32), magic (10), version (3), arch (3), ... */
	private static final int HEADER_SIZE = 128;

	private static final byte[] MAGIC = "SIF_MAGIC\0".getBytes(StandardCharsets.US_ASCII);

	/** A descriptor: 5 ints of 17 bytes, 7 longs, a 128-byte name, 384 bytes extra. */
	private static final int DESCRIPTOR_SIZE = 585;

	private static final int MAX_DESCRIPTORS = 4096;

	private static final int DEFFILE = 0x4001;

	private static final int PARTITION = 0x4004;

	private static final int FS_SQUASH = 1;

	private static final int PART_PRIMSYS = 2;

	private static final int MAX_DEFINITION = 1024 * 1024;

	/** squashfs's superblock magic, "hsqs" little-endian. */
	private static final int SQUASHFS_MAGIC = 0x73717368;

	/**
	 * Reads and checks a SIF file.
	 * @throws InvalidImageException when it is not a SIF, or has no squashfs primary
	 * system partition
	 */
	public static SifFile read(Path file) {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			long size = channel.size();
			ByteBuffer header = readAt(channel, 0, HEADER_SIZE, size, "its header");
			byte[] magic = new byte[MAGIC.length];
			header.get(32, magic);
			if (!java.util.Arrays.equals(magic, MAGIC)) {
				throw new InvalidImageException("not a SIF file (no SIF_MAGIC at byte 32)");
			}
			String version = new String(new byte[] { header.get(42), header.get(43) }, StandardCharsets.US_ASCII);
			if (!"01".equals(version)) {
				throw new InvalidImageException("SIF version " + printable(version) + " is not supported (only 01)");
			}
			long total = header.getLong(0x58);
			long descriptorsOffset = header.getLong(0x60);
			if (total < 1 || total > MAX_DESCRIPTORS) {
				throw new InvalidImageException("SIF descriptor count " + total + " is out of range");
			}
			ByteBuffer table = readAt(channel, descriptorsOffset, (int) total * DESCRIPTOR_SIZE, size,
					"its descriptor table");
			return scan(channel, table, (int) total, size);
		}
		catch (IOException ex) {
			throw new InvalidImageException("cannot be read: " + ex.getMessage());
		}
	}

	private static SifFile scan(FileChannel channel, ByteBuffer table, int total, long size) throws IOException {
		long partitionOffset = -1;
		long partitionSize = 0;
		String definition = null;
		for (int i = 0; i < total; i++) {
			int at = i * DESCRIPTOR_SIZE;
			boolean used = table.get(at + 4) != 0;
			if (!used) {
				continue;
			}
			int type = table.getInt(at);
			long offset = table.getLong(at + 17);
			long length = table.getLong(at + 25);
			if (offset < 0 || length < 0 || offset > size || length > size - offset) {
				throw new InvalidImageException("SIF object " + (i + 1) + " lies outside the file");
			}
			int extra = at + 201;
			if (type == PARTITION && table.getInt(extra) == FS_SQUASH && table.getInt(extra + 4) == PART_PRIMSYS) {
				partitionOffset = offset;
				partitionSize = length;
			}
			else if (type == DEFFILE && length <= MAX_DEFINITION) {
				definition = StandardCharsets.UTF_8
					.decode(readAt(channel, offset, (int) length, size, "its definition"))
					.toString();
			}
		}
		if (partitionOffset < 0) {
			throw new InvalidImageException("the SIF file has no squashfs primary system partition");
		}
		ByteBuffer superblock = readAt(channel, partitionOffset, 4, size, "its partition");
		if (superblock.getInt(0) != SQUASHFS_MAGIC) {
			throw new InvalidImageException("the SIF file's system partition is not a squashfs filesystem");
		}
		return new SifFile(partitionOffset, partitionSize, Optional.ofNullable(definition));
	}

	private static ByteBuffer readAt(FileChannel channel, long offset, int length, long size, String what)
			throws IOException {
		if (offset < 0 || offset > size - length) {
			throw new InvalidImageException("the file is too short to hold " + what);
		}
		ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
		while (buffer.hasRemaining()) {
			if (channel.read(buffer, offset + buffer.position()) < 0) {
				throw new InvalidImageException("the file ends inside " + what);
			}
		}
		return buffer.flip();
	}

	private static String printable(String text) {
		return text.replaceAll("[^\\x20-\\x7e]", "?");
	}

}
