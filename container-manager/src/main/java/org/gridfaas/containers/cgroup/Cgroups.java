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

	private Cgroups(Version version, Path cpuRoot, Path cpuacctRoot, Duration period) {
		this.version = version;
		this.cpuRoot = cpuRoot;
		this.cpuacctRoot = cpuacctRoot;
		this.period = period;
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
				enableCpuController(mountRoot);
				enableCpuController(root);
				return Optional.of(new Cgroups(Version.V2, root, root, period));
			}
			Path cpu = mountRoot.resolve("cpu");
			Path cpuacct = mountRoot.resolve("cpuacct");
			if (Files.isRegularFile(cpu.resolve("cpu.cfs_quota_us"))
					&& Files.isRegularFile(cpuacct.resolve("cpuacct.usage"))) {
				Path cpuRoot = Files.createDirectories(cpu.resolve(parent));
				Path cpuacctRoot = Files.createDirectories(cpuacct.resolve(parent));
				return Optional.of(new Cgroups(Version.V1, cpuRoot, cpuacctRoot, period));
			}
			log.warn("No CPU cgroups under {}: CPU limits are unavailable", mountRoot);
		}
		catch (IOException | RuntimeException ex) {
			log.warn("CPU cgroups under {} are not usable ({}): CPU limits are unavailable", mountRoot,
					ex.getMessage());
		}
		return Optional.empty();
	}

	private static void enableCpuController(Path group) {
		Path control = group.resolve("cgroup.subtree_control");
		if (Files.exists(control) && !CgroupFiles.read(control).contains("cpu")) {
			CgroupFiles.write(control, "+cpu");
		}
	}

	public Version version() {
		return this.version;
	}

	/** Creates the group of a container, or returns it if it exists. */
	public CpuCgroup create(String name) {
		try {
			Files.createDirectories(this.cpuRoot.resolve(name));
			Files.createDirectories(this.cpuacctRoot.resolve(name));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot create cgroup " + name + " under " + this.cpuRoot, ex);
		}
		return find(name).orElseThrow();
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
			case V1 -> new CgroupV1(this.cpuRoot.resolve(name), this.cpuacctRoot.resolve(name), this.period);
			case V2 -> new CgroupV2(this.cpuRoot.resolve(name), this.period);
		};
	}

	/**
	 * A group at an absolute path, e.g. an Apptainer instance's scope found from its PID.
	 */
	public CpuCgroup at(Path cpuFolder, Path cpuacctFolder) {
		return (this.version == Version.V2) ? new CgroupV2(cpuFolder, this.period)
				: new CgroupV1(cpuFolder, cpuacctFolder, this.period);
	}

	@Override
	public String toString() {
		return "cgroup " + this.version + " at " + this.cpuRoot;
	}

}
