package org.gridfaas.containers.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A command's output, drained from its pipe by the service into the command's log file,
 * which never holds more than twice {@code limit} bytes while the command runs (past that
 * it is cut to its last {@code limit}), and holds its last {@code limit} bytes once the
 * pipe closes. So a command that prints without end can neither fill the disk nor make
 * the service write anywhere but the file it opened. The count of every byte is kept.
 */
public final class OutputTail {

	private static final Logger log = LoggerFactory.getLogger(OutputTail.class);

	private final Thread drain;

	private volatile long total;

	private OutputTail(InputStream pipe, Path file, long limit) {
		this.drain = new Thread(() -> copy(pipe, file, limit), "output-" + file.getFileName());
		this.drain.setDaemon(true);
		this.drain.start();
	}

	/** Starts draining {@code pipe} into {@code file} (appended to, never followed). */
	public static OutputTail drain(InputStream pipe, Path file, long limit) {
		return new OutputTail(pipe, file, Math.max(1, limit));
	}

	/**
	 * Waits until the pipe is closed (every writer gone), at most 5 s once the command
	 * has exited: a process it left behind (possible under Apptainer, whose instance
	 * outlives a command) may hold the pipe open, and must not hold up the task. Its
	 * further output still reaches the log until it dies.
	 * @return the bytes read so far
	 */
	public long await() throws InterruptedException {
		this.drain.join(5_000);
		return this.total;
	}

	private void copy(InputStream pipe, Path file, long limit) {
		try (InputStream in = pipe) {
			byte[] buffer = new byte[64 * 1024];
			try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
					StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
				out.position(out.size());
				for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
					out.write(ByteBuffer.wrap(buffer, 0, read));
					this.total += read;
					if (out.size() > 2 * limit) {
						keepLast(out, limit);
					}
				}
				if (out.size() > limit) {
					keepLast(out, limit);
				}
			}
			catch (IOException | RuntimeException ex) {
				log.warn("Output of a command to {} was cut short: {}", file, ex.getMessage());
				// Still drained, so that the command is not killed by a closed pipe.
				for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
					this.total += read;
				}
			}
		}
		catch (IOException ex) {
			log.warn("Cannot read the output of a command for {}: {}", file, ex.getMessage());
		}
	}

	/** Cuts the file to its last {@code limit} bytes. */
	private static void keepLast(FileChannel file, long limit) throws IOException {
		ByteBuffer tail = ByteBuffer.allocate((int) Math.min(limit, Integer.MAX_VALUE - 8));
		long from = file.size() - tail.capacity();
		while (tail.hasRemaining() && file.read(tail, from + tail.position()) >= 0) {
			// read until full
		}
		tail.flip();
		file.write(tail, 0);
		file.truncate(tail.limit());
		file.position(tail.limit());
	}

}
