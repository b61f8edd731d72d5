package org.gridfaas.containers.runtime;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.gridfaas.common.naming.UserName;

/**
 * The host identity each tenant's tasks run under. Every owner gets a block of
 * {@link #BLOCK} host ids of its own, allocated on first use and recorded in a file, so
 * the same owner keeps the same ids across restarts and no two owners ever share one.
 * Block 0 is the platform's: its first id is the sandbox group, the only group that may
 * pass through the folders above a task's work folder (it cannot list them).
 */
public final class TenantIds {

	/** Ids per tenant: room for an image's own users (a subordinate-id range's size). */
	public static final long BLOCK = 65_536;

	/**
	 * The largest id handed out: Linux takes ids up to 2^32 - 2, Java's file attributes
	 * only up to 2^31 - 1.
	 */
	private static final long LAST_ID = Integer.MAX_VALUE;

	private final long first;

	private final Path file;

	private final Map<UserName, Long> blocks = new HashMap<>();

	/**
	 * @param first the first host id of block 0 (the sandbox group); tenants start one
	 * block above
	 * @param file where the allocation is recorded
	 */
	public TenantIds(long first, Path file) {
		if (first < 1_000 || first + 2 * BLOCK > LAST_ID) {
			throw new IllegalArgumentException("The first tenant id must be between 1000 and " + (LAST_ID - 2 * BLOCK));
		}
		this.first = first;
		this.file = file;
		load();
	}

	/** The group whose members may pass through the work folders' parents. */
	public long sandboxGroup() {
		return this.first;
	}

	/** The tenant's identity, allocated and recorded on first use. */
	public synchronized TenantId of(UserName owner) {
		Long block = this.blocks.get(owner);
		if (block == null) {
			block = (long) this.blocks.size() + 1;
			if (this.first + (block + 1) * BLOCK - 1 > LAST_ID) {
				throw new IllegalStateException("No host ids are left for a new tenant");
			}
			this.blocks.put(owner, block);
			save();
		}
		return new TenantId(owner, this.first + block * BLOCK, this.first);
	}

	private void load() {
		if (!Files.exists(this.file)) {
			return;
		}
		Properties properties = new Properties();
		try (Reader in = Files.newBufferedReader(this.file, StandardCharsets.UTF_8)) {
			properties.load(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the tenant ids in " + this.file, ex);
		}
		properties
			.forEach((owner, block) -> this.blocks.put(UserName.of((String) owner), Long.valueOf((String) block)));
		if (this.blocks.values().stream().distinct().count() != this.blocks.size()) {
			throw new IllegalStateException(this.file + " gives two tenants the same block: fix it by hand");
		}
	}

	/**
	 * Written whole to a temporary file and moved over the old one: never half written.
	 */
	private void save() {
		Path temporary = this.file.resolveSibling(this.file.getFileName() + ".tmp");
		try {
			Files.createDirectories(this.file.getParent());
			try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
				for (Map.Entry<UserName, Long> entry : new TreeMap<>(this.blocks).entrySet()) {
					out.write(entry.getKey().value() + "=" + entry.getValue() + "\n");
				}
			}
			Files.move(temporary, this.file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot record the tenant ids in " + this.file, ex);
		}
	}

	/**
	 * One tenant's host identity.
	 *
	 * @param owner the tenant
	 * @param uid the host uid (and gid) its tasks run as
	 * @param sandboxGroup the supplementary group that lets the sandbox reach the task's
	 * folder
	 */
	public record TenantId(UserName owner, long uid, long sandboxGroup) {

		/**
		 * The command prefix that runs a host program as this tenant: its uid and gid,
		 * the sandbox group as the only supplementary group, and (unless the program
		 * needs to map ids itself) no way to gain privileges through set-uid files.
		 * @param noNewPrivileges whether to set {@code no_new_privs} here; Bubblewrap
		 * under pasta sets it itself, and must not find it set
		 */
		public List<String> setpriv(boolean noNewPrivileges) {
			List<String> args = new ArrayList<>(
					List.of("setpriv", "--reuid=" + this.uid, "--regid=" + this.uid, "--groups=" + this.sandboxGroup));
			if (noNewPrivileges) {
				args.add("--no-new-privs");
			}
			args.add("--");
			return args;
		}

	}

}
