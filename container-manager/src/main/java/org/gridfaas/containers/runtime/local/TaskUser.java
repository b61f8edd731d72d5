package org.gridfaas.containers.runtime.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.gridfaas.containers.runtime.RuntimeFailure;

/**
 * Who task commands run as. A service running as root drops to an unprivileged user (by
 * default {@code nobody}) with {@code setpriv}, and hands it the task's work folder; a
 * service running as an ordinary user runs tasks as itself, in a user namespace.
 */
final class TaskUser {

	private final String name;

	private final int uid;

	private final int gid;

	private final boolean root;

	private TaskUser(String name, int uid, int gid, boolean root) {
		this.name = name;
		this.uid = uid;
		this.gid = gid;
		this.root = root;
	}

	/** The named user from {@code /etc/passwd}. */
	static TaskUser of(String name) {
		boolean root = "root".equals(System.getProperty("user.name"));
		if (!root) {
			return new TaskUser(System.getProperty("user.name"), -1, -1, false);
		}
		try {
			for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
				String[] fields = line.split(":");
				if (fields.length > 3 && fields[0].equals(name)) {
					return new TaskUser(name, Integer.parseInt(fields[2]), Integer.parseInt(fields[3]), true);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read /etc/passwd", ex);
		}
		throw new IllegalStateException("The task user '" + name + "' does not exist; set gridfaas.runtime.task-user");
	}

	/**
	 * Extra unshare options: a user namespace when we are not root (PID namespaces need
	 * it).
	 */
	List<String> unshareOptions() {
		return this.root ? List.of() : List.of("--user", "--map-root-user");
	}

	/** The command prefix that drops privileges, if there are any to drop. */
	List<String> dropPrivileges() {
		return this.root ? List.of("setpriv", "--reuid=" + this.uid, "--regid=" + this.gid, "--clear-groups",
				"--no-new-privs", "--") : List.of();
	}

	/**
	 * Fails clearly when the task user could not reach a folder: every folder above it
	 * must be searchable by others (a private home folder is the usual culprit).
	 */
	void checkCanReach(Path folder) {
		if (!this.root) {
			return;
		}
		for (Path at = folder.toAbsolutePath().getParent(); at != null; at = at.getParent()) {
			try {
				Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(at);
				if (!permissions.contains(PosixFilePermission.OTHERS_EXECUTE)) {
					throw new RuntimeFailure("Tasks run as user " + this.name + ", who cannot reach " + folder + ": "
							+ at + " is not searchable by others (chmod o+x it, or move GRIDFAAS_HOME)");
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	/** Makes the work folder and everything in it owned by the task user. */
	void grantAccess(Path folder) {
		if (!this.root) {
			return;
		}
		try {
			Files.walkFileTree(folder, new SimpleFileVisitor<>() {
				@Override
				public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
					chown(dir);
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
					chown(file);
					return FileVisitResult.CONTINUE;
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot hand " + folder + " to user " + this.name, ex);
		}
	}

	private void chown(Path path) throws IOException {
		Files.setAttribute(path, "unix:uid", this.uid, LinkOption.NOFOLLOW_LINKS);
		Files.setAttribute(path, "unix:gid", this.gid, LinkOption.NOFOLLOW_LINKS);
	}

	@Override
	public String toString() {
		return this.name;
	}

}
