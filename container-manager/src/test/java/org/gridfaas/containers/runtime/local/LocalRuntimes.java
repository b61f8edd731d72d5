package org.gridfaas.containers.runtime.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.gridfaas.common.naming.UserName;
import org.gridfaas.containers.cgroup.Cgroups;
import org.gridfaas.containers.cgroup.ResourceLimits;
import org.gridfaas.containers.runtime.TenantIds;
import org.springframework.util.unit.DataSize;

/** Local runtimes for tests, set up as the service sets them up, under a test folder. */
final class LocalRuntimes {

	static final UserName OWNER = UserName.of("alice");

	static final ResourceLimits LIMITS = new ResourceLimits(DataSize.ofMegabytes(256), 128, DataSize.ofMegabytes(64));

	static final DataSize TMP = DataSize.ofMegabytes(8);

	private LocalRuntimes() {
	}

	/** The tenant ids recorded under the test folder. */
	static TenantIds tenants(Path root) {
		return new TenantIds(268_435_456L, root.resolve("tenant-ids.properties"));
	}

	/** A runtime whose containers live under {@code root}, passable by sandboxes only. */
	static LocalCgroupRuntime create(Optional<Cgroups> cgroups, Path root) {
		LocalCgroupRuntime runtime = new LocalCgroupRuntime(cgroups, new Sandbox("bwrap", "pasta", Path.of("/")),
				tenants(root), TMP, root);
		runtime.makePassable(List.of(root));
		return runtime;
	}

	/** Removes a test's parent group from every hierarchy it was made in. */
	static void removeParent(String parent) throws IOException {
		for (String hierarchy : List.of("cpu", "cpuacct", "memory", "pids")) {
			Files.deleteIfExists(Path.of("/sys/fs/cgroup", hierarchy, parent));
		}
	}

}
