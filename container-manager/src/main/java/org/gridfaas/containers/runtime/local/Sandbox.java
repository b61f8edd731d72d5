package org.gridfaas.containers.runtime.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.gridfaas.containers.runtime.ContainerRuntime;
import org.gridfaas.containers.runtime.NetworkAccess;
import org.gridfaas.containers.runtime.TenantIds.TenantId;

/**
 * The sandbox a local task runs in, as an argument list: Bubblewrap ({@code bwrap}) run
 * as the tenant's own host uid, with every namespace new (user, PID, mount, network with
 * loopback only, IPC, UTS, cgroup), no further user namespaces, and a root made of the
 * host's system folders read-only, the task's own folder at {@code /task}, the staging
 * data read-only at {@code /staging}, a fresh {@code /proc} and {@code /dev}, and private
 * size-capped tmpfs at {@code /tmp}, {@code /var/tmp} and {@code /dev/shm}. Nothing else
 * of the host (its {@code /sys}, cgroup files, other tenants, the platform's state) is in
 * the task's view.
 * <p>
 * A function the provider granted {@link NetworkAccess#EGRESS} gets its outbound traffic
 * through {@code pasta}, a user-mode network stack that runs as the tenant around the
 * sandbox: it copies the host's address and routes into the task's namespace, and opens
 * each outbound connection from the host as the tenant. Port forwarding in both
 * directions and the gateway's mapping to the host are off, so the host's loopback
 * services stay out of reach, and the host's own address is the namespace's.
 */
final class Sandbox {

	/** Where a task sees its own folder. */
	static final Path TASK = Path.of("/task");

	/** The uid (and gid) a task has inside its user namespace. */
	static final int INNER_ID = 1000;

	/**
	 * Host folders a task's root is made of, read-only: programs, libraries, settings.
	 */
	private static final List<String> SYSTEM = List.of("usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32", "etc",
			"opt");

	/** What the sandbox mounts itself, over whatever an image has there. */
	private static final List<String> MOUNTED = List.of("proc", "dev", "tmp", "task", "staging", "sys");

	/**
	 * pasta with no port forwarded either way ({@code -t/-u}: host to task,
	 * {@code -T/-U}: task to the host's loopback) and no gateway address mapped to the
	 * host.
	 */
	private static final List<String> PASTA_OPTIONS = List.of("--config-net", "--quiet", "--tcp-ports", "none",
			"--udp-ports", "none", "--tcp-ns", "none", "--udp-ns", "none", "--no-map-gw", "--");

	private final String bwrap;

	private final String pasta;

	private final Path hostRoot;

	/**
	 * @param bwrap the Bubblewrap program
	 * @param pasta the pasta program, for functions granted egress
	 * @param hostRoot the host's root, where the system folders are looked up ({@code /})
	 */
	Sandbox(String bwrap, String pasta, Path hostRoot) {
		this.bwrap = bwrap;
		this.pasta = pasta;
		this.hostRoot = hostRoot;
	}

	/**
	 * The command that runs {@code command} in a sandbox of its own.
	 * @param tenant who the task runs as on the host; empty when the service is not root
	 * and can only run tasks as itself
	 * @param taskFolder the task's folder on the host, owned by the tenant
	 * @param staging the function's staging data on the host, if any
	 * @param hostname what the task's {@code hostname} says
	 * @param tmpBytes the size of each private tmpfs
	 * @param network the network the task gets
	 */
	List<String> wrap(Optional<TenantId> tenant, Path taskFolder, Optional<Path> staging, String hostname,
			long tmpBytes, NetworkAccess network, List<String> command) {
		return wrap(tenant, Optional.empty(), taskFolder, staging, hostname, tmpBytes, network, command);
	}

	/**
	 * The command that runs {@code command} in a sandbox of its own, with the image's
	 * root, when it has one, in place of the host's system folders.
	 * @param imageRoot the function's image, mounted read-only: every top-level entry of
	 * it is in the task's root, which is read-only too
	 */
	List<String> wrap(Optional<TenantId> tenant, Optional<Path> imageRoot, Path taskFolder, Optional<Path> staging,
			String hostname, long tmpBytes, NetworkAccess network, List<String> command) {
		List<String> args = namespaces(tenant, network, INNER_ID, hostname);
		if (imageRoot.isPresent()) {
			args.addAll(rootEntries(imageRoot.get(), entries(imageRoot.get())));
		}
		else {
			args.addAll(rootEntries(this.hostRoot, SYSTEM));
		}
		args.addAll(List.of("--proc", "/proc", "--dev", "/dev"));
		for (String tmp : List.of("/tmp", "/var/tmp", "/dev/shm")) {
			if (imageRoot.isEmpty() || !tmp.equals("/var/tmp") || canMountVarTmp(imageRoot.get())) {
				args.addAll(List.of("--size", Long.toString(tmpBytes), "--perms", "1777", "--tmpfs", tmp));
			}
		}
		args.addAll(List.of("--bind", taskFolder.toString(), TASK.toString()));
		staging.ifPresent(
				(folder) -> args.addAll(List.of("--ro-bind", folder.toString(), ContainerRuntime.STAGING.toString())));
		if (imageRoot.isPresent()) {
			args.addAll(List.of("--remount-ro", "/"));
		}
		args.addAll(List.of("--chdir", TASK.toString(), "--"));
		args.addAll(command);
		return args;
	}

	/**
	 * The command that runs an image build's {@code %post} inside the new root, which is
	 * writable and owned by the tenant: root inside (uid 0, as Apptainer's
	 * {@code --fakeroot}), every other namespace new, as for a task.
	 * @param root the image's root folder on the host
	 */
	List<String> wrapBuild(Optional<TenantId> tenant, Path root, Optional<Path> staging, long tmpBytes,
			NetworkAccess network, List<String> command) {
		List<String> args = namespaces(tenant, network, 0, "build");
		args.addAll(List.of("--bind", root.toString(), "/", "--proc", "/proc", "--dev", "/dev"));
		args.addAll(List.of("--size", Long.toString(tmpBytes), "--perms", "1777", "--tmpfs", "/tmp"));
		staging.ifPresent(
				(folder) -> args.addAll(List.of("--ro-bind", folder.toString(), ContainerRuntime.STAGING.toString())));
		args.addAll(List.of("--setenv", "HOME", "/root", "--chdir", "/", "--"));
		args.addAll(command);
		return args;
	}

	private List<String> namespaces(Optional<TenantId> tenant, NetworkAccess network, int innerId, String hostname) {
		boolean egress = network == NetworkAccess.EGRESS;
		List<String> args = new ArrayList<>();
		// Bubblewrap sets no_new_privs for the task itself; under pasta's user namespace
		// it must find it unset to map its ids.
		tenant.ifPresent((id) -> args.addAll(id.setpriv(!egress)));
		if (egress) {
			args.add(this.pasta);
			args.addAll(PASTA_OPTIONS);
		}
		args.addAll(List.of(this.bwrap, "--unshare-all"));
		if (egress) {
			args.add("--share-net");
		}
		args.addAll(List.of("--unshare-user", "--disable-userns", "--uid", Integer.toString(innerId), "--gid",
				Integer.toString(innerId), "--hostname", hostname, "--new-session", "--as-pid-1"));
		// A task whose worker died can no longer file its outcome, and its lease passes
		// to
		// another worker: it must not run on beside the new attempt. (Not under pasta,
		// which is not bwrap's parent for long: an egress task outlives a killed worker.)
		if (!egress) {
			args.add("--die-with-parent");
		}
		return args;
	}

	/**
	 * The top-level entries of an image's root that a task sees, less the ones the
	 * sandbox mounts itself.
	 */
	private static List<String> entries(Path imageRoot) {
		try (var listing = Files.list(imageRoot)) {
			return listing.map((entry) -> entry.getFileName().toString())
				.filter((name) -> !MOUNTED.contains(name))
				.sorted()
				.toList();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException("Cannot list the image root " + imageRoot, ex);
		}
	}

	/** A tmpfs at /var/tmp needs a folder there, or no /var at all (then it is made). */
	private static boolean canMountVarTmp(Path imageRoot) {
		return Files.isDirectory(imageRoot.resolve("var/tmp"), java.nio.file.LinkOption.NOFOLLOW_LINKS)
				|| !Files.exists(imageRoot.resolve("var"), java.nio.file.LinkOption.NOFOLLOW_LINKS);
	}

	/**
	 * Entries of a root, read-only; an entry that is a link (merged {@code /usr}:
	 * {@code /bin -> usr/bin}) is the same link inside, and files are bound as files.
	 */
	private static List<String> rootEntries(Path root, List<String> names) {
		List<String> args = new ArrayList<>();
		for (String name : names) {
			Path host = root.resolve(name);
			if (Files.isSymbolicLink(host)) {
				try {
					args.addAll(List.of("--symlink", Files.readSymbolicLink(host).toString(), "/" + name));
				}
				catch (java.io.IOException ex) {
					// Gone in between: then it is not part of the root.
				}
			}
			else if (Files.isDirectory(host) || Files.isRegularFile(host)) {
				args.addAll(List.of("--ro-bind", host.toString(), "/" + name));
			}
		}
		return args;
	}

}
