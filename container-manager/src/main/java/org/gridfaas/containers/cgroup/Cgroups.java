package org.gridfaas.containers.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's CPU cgroups, v1 or v2 as detected, under one parent group of ours (e.g.
 * {@code gridfaas}). Creates, finds and lists the groups of containers.
 */
public final class Cgroups {

	private static final Logger log = LoggerFactory.getLogger(Cgroups.class);

	/** The CFS period the prototype and ServerlessContainers use. */
	public static final Duration DEFAULT_PERIOD = Duration.ofMillis(100);

	private final Version version;

	private final Path cpuRoot;

	private final Path cpuacctRoot;

	private final Duration period;

	/** cgroup v1: our parent group in the memory and pids hierarchies, where mounted. */
	private final Optional<Path> memoryRoot;

	private final Optional<Path> pidsRoot;

	private Cgroups(Version version, Path cpuRoot, Path cpuacctRoot, Duration period, Optional<Path> memoryRoot,
			Optional<Path> pidsRoot) {
		this.version = version;
		this.cpuRoot = cpuRoot;
		this.cpuacctRoot = cpuacctRoot;
		this.period = period;
		this.memoryRoot = memoryRoot;
		this.pidsRoot = pidsRoot;
	}

	/** Which cgroup interface the host has. */
	public enum Version {

		V1, V2

	}

	/**
	 * Detects the cgroup interface under {@code mountRoot} (normally
	 * {@code /sys/fs/cgroup}) and prepares our parent group {@code parent} in it.
	 * @return the cgroups, or empty when none are mounted or they are not writable
	 */
	public static Optional<Cgroups> detect(Path mountRoot, String parent, Duration period) {
		try {
			if (Files.isRegularFile(mountRoot.resolve("cgroup.controllers"))) {
				Path root = mountRoot.resolve(parent);
				Files.createDirectories(root);
				enableControllers(mountRoot);
				enableControllers(root);
				return Optional.of(new Cgroups(Version.V2, root, root, period, Optional.of(root), Optional.of(root)));
			}
			Path cpu = mountRoot.resolve("cpu");
			Path cpuacct = mountRoot.resolve("cpuacct");
			if (Files.isRegularFile(cpu.resolve("cpu.cfs_quota_us"))
					&& Files.isRegularFile(cpuacct.resolve("cpuacct.usage"))) {
				Path cpuRoot = Files.createDirectories(cpu.resolve(parent));
				Path cpuacctRoot = Files.createDirectories(cpuacct.resolve(parent));
				return Optional.of(new Cgroups(Version.V1, cpuRoot, cpuacctRoot, period,
						parentIn(mountRoot.resolve("memory"), "memory.limit_in_bytes", parent),
						parentIn(mountRoot.resolve("pids"), "cgroup.procs", parent)));
			}
			log.warn("No CPU cgroups under {}: CPU limits are unavailable", mountRoot);
		}
		catch (IOException | RuntimeException ex) {
			log.warn("CPU cgroups under {} are not usable ({}): CPU limits are unavailable", mountRoot,
					ex.getMessage());
		}
		return Optional.empty();
	}

	/** cgroup v2: lets the groups below use the CPU, memory and pids controllers. */
	private static void enableControllers(Path group) {
		Path control = group.resolve("cgroup.subtree_control");
		if (!Files.exists(control)) {
			return;
		}
		List<String> enabled = List.of(CgroupFiles.read(control).split("\\s+"));
		String missing = Stream.of("cpu", "memory", "pids")
			.filter((controller) -> !enabled.contains(controller))
			.map((controller) -> "+" + controller)
			.collect(java.util.stream.Collectors.joining(" "));
		if (!missing.isEmpty()) {
			CgroupFiles.write(control, missing);
		}
	}

	/**
	 * cgroup v1: our parent group in another controller's hierarchy, made if the
	 * controller is mounted there ({@code controlFile} is one its root has: the pids root
	 * has no {@code pids.max}).
	 */
	private static Optional<Path> parentIn(Path hierarchy, String controlFile, String parent) throws IOException {
		if (!Files.isRegularFile(hierarchy.resolve(controlFile))) {
			log.warn("No cgroup v1 hierarchy with {} at {}: that limit is unavailable", controlFile, hierarchy);
			return Optional.empty();
		}
		return Optional.of(Files.createDirectories(hierarchy.resolve(parent)));
	}

	public Version version() {
		return this.version;
	}

	/**
	 * Creates the group of a container with its memory and process limits, or returns it
	 * if it exists.
	 */
	public CpuCgroup create(String name, ResourceLimits limits) {
		try {
			Files.createDirectories(this.cpuRoot.resolve(name));
			Files.createDirectories(this.cpuacctRoot.resolve(name));
			for (Path root : List.of(this.memoryRoot, this.pidsRoot).stream().flatMap(Optional::stream).toList()) {
				Files.createDirectories(root.resolve(name));
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot create cgroup " + name + " under " + this.cpuRoot, ex);
		}
		CpuCgroup group = find(name).orElseThrow();
		group.setResourceLimits(limits);
		return group;
	}

	/** The group of a container, if it exists. */
	public Optional<CpuCgroup> find(String name) {
		if (!Files.isDirectory(this.cpuRoot.resolve(name))) {
			return Optional.empty();
		}
		return Optional.of(of(name));
	}

	/** Names of the groups that exist under our parent group. */
	public List<String> list() {
		try (Stream<Path> children = Files.list(this.cpuRoot)) {
			return children.filter(Files::isDirectory).map((path) -> path.getFileName().toString()).sorted().toList();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot list " + this.cpuRoot, ex);
		}
	}

	private CpuCgroup of(String name) {
		return switch (this.version) {
			case V1 -> new CgroupV1(this.cpuRoot.resolve(name), this.cpuacctRoot.resolve(name), this.period,
					this.memoryRoot.map((root) -> root.resolve(name)), this.pidsRoot.map((root) -> root.resolve(name)));
			case V2 -> new CgroupV2(this.cpuRoot.resolve(name), this.period);
		};
	}

	/**
	 * A group at an absolute path, e.g. an Apptainer instance's scope found from its PID.
	 */
	public CpuCgroup at(Path cpuFolder, Path cpuacctFolder) {
		return (this.version == Version.V2) ? new CgroupV2(cpuFolder, this.period)
				: new CgroupV1(cpuFolder, cpuacctFolder, this.period, Optional.empty(), Optional.empty());
	}

	/** Removes our parent group from every hierarchy, where it is empty. */
	public void removeParent() {
		Stream.of(Optional.of(this.cpuRoot), Optional.of(this.cpuacctRoot), this.memoryRoot, this.pidsRoot)
			.flatMap(Optional::stream)
			.distinct()
			.forEach((folder) -> {
				try {
					Files.deleteIfExists(folder);
				}
				catch (IOException ex) {
					log.warn("Cannot remove {}: {}", folder, ex.getMessage());
				}
			});
	}

	@Override
	public String toString() {
		return "cgroup " + this.version + " at " + this.cpuRoot;
	}

}
