package org.gridfaas.containers.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import org.gridfaas.containers.runtime.TenantIds.TenantId;

/**
 * Who owns the folders on a task's way. The platform's folders above a task's folder are
 * root's, mode 0710, group the sandbox group: a sandbox can pass through them to bind its
 * task's folder, nobody but root can list them. A task's own folder (and its staging
 * data) belongs to its tenant's uid, mode 0700. Only root can hand out folders; a service
 * that is not root keeps them as they are.
 */
public final class TenantFolders {

	private static final Set<PosixFilePermission> PLATFORM = PosixFilePermissions.fromString("rwx--x---");

	private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");

	private final boolean root;

	private final long sandboxGroup;

	/** For this service: it hands folders out when it runs as root. */
	public static TenantFolders ofThisService(long sandboxGroup) {
		return new TenantFolders("root".equals(System.getProperty("user.name")), sandboxGroup);
	}

	public TenantFolders(boolean root, long sandboxGroup) {
		this.root = root;
		this.sandboxGroup = sandboxGroup;
	}

	/** Whether tasks can run under identities of their own (the service is root). */
	public boolean separatesTenants() {
		return this.root;
	}

	/**
	 * Makes a platform folder passable by sandboxes only: root's, 0710, the sandbox
	 * group.
	 */
	public void passableBySandboxes(Path folder) {
		if (!this.root) {
			return;
		}
		try {
			Files.createDirectories(folder);
			Files.setAttribute(folder, "unix:gid", (int) this.sandboxGroup, LinkOption.NOFOLLOW_LINKS);
			Files.setPosixFilePermissions(folder, PLATFORM);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot make " + folder + " passable by the task sandboxes", ex);
		}
	}

	/**
	 * Fails clearly when a sandbox could not reach {@code folder}: every folder above it
	 * must be searchable by others, or by the sandbox group (a private home folder is the
	 * usual culprit).
	 */
	public void checkCanReach(Path folder) {
		if (!this.root) {
			return;
		}
		for (Path at = folder.toAbsolutePath().getParent(); at != null; at = at.getParent()) {
			try {
				PosixFileAttributes attributes = Files.readAttributes(at, PosixFileAttributes.class);
				boolean byGroup = attributes.permissions().contains(PosixFilePermission.GROUP_EXECUTE)
						&& ((Integer) Files.getAttribute(at, "unix:gid")) == (int) this.sandboxGroup;
				if (!attributes.permissions().contains(PosixFilePermission.OTHERS_EXECUTE) && !byGroup) {
					throw new RuntimeFailure("Task sandboxes cannot reach " + folder + ": " + at
							+ " is not searchable by others (chmod o+x it, or move GRIDFAAS_HOME)");
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	/**
	 * Hands a folder and everything in it to the tenant, and makes it private to them.
	 * Links are changed themselves, never followed.
	 */
	public void handTo(Path folder, TenantId tenant) {
		if (!this.root) {
			return;
		}
		try {
			Files.walkFileTree(folder, new SimpleFileVisitor<>() {
				@Override
				public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
					chown(dir, tenant);
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
					chown(file, tenant);
					return FileVisitResult.CONTINUE;
				}
			});
			Files.setPosixFilePermissions(folder, PRIVATE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot hand " + folder + " to tenant " + tenant.owner(), ex);
		}
	}

	private static void chown(Path path, TenantId tenant) throws IOException {
		Files.setAttribute(path, "unix:uid", (int) tenant.uid(), LinkOption.NOFOLLOW_LINKS);
		Files.setAttribute(path, "unix:gid", (int) tenant.uid(), LinkOption.NOFOLLOW_LINKS);
	}

}
