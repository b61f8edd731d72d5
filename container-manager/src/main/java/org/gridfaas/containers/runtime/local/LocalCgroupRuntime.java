package org.gridfaas.containers.runtime.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.gridfaas.common.naming.ContainerName;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.containers.cgroup.Cgroups;
import org.gridfaas.containers.cgroup.CpuCgroup;
import org.gridfaas.containers.image.SifFile;
import org.gridfaas.containers.runtime.CommandPidFile;
import org.gridfaas.containers.runtime.ContainerRuntime;
import org.gridfaas.containers.runtime.ContainerSpec;
import org.gridfaas.containers.runtime.ExecRequest;
import org.gridfaas.containers.runtime.ExecResult;
import org.gridfaas.containers.runtime.Mounts;
import org.gridfaas.containers.runtime.NamedContainers;
import org.gridfaas.containers.runtime.NetworkAccess;
import org.gridfaas.containers.runtime.ProcessRunner;
import org.gridfaas.containers.runtime.RuntimeContainer;
import org.gridfaas.containers.runtime.RuntimeFailure;
import org.gridfaas.containers.runtime.TenantFolders;
import org.gridfaas.containers.runtime.TenantIds;
import org.gridfaas.containers.runtime.TenantIds.TenantId;
import org.springframework.util.unit.DataSize;

/**
 * Containers on this host without Apptainer: a container is a cgroup (CPU, memory,
 * processes), and each command in it runs in a {@link Sandbox} of its own, under its
 * owner's host identity ({@link TenantIds}) when the service runs as root. It is the
 * default where Apptainer is not installed, and what the tests run on. A task sees its
 * function's image read-only as its root (the SIF's squashfs, mounted once per container
 * start), or the host's system folders for a function without one, plus its own folder,
 * its function's staging data, and nothing else.
 */
class LocalCgroupRuntime implements ContainerRuntime, NamedContainers.Operations {

	private static final Logger log = LoggerFactory.getLogger(LocalCgroupRuntime.class);

	private static final Path TUN = Path.of("/dev/net/tun");

	/**
	 * Without cgroups, a command runs under this wrapper, which writes its own
	 * {@code /proc/self/stat} to a file once the command exited: its children times then
	 * hold the CPU of the whole waited-for tree.
	 */
	private static final String RECORD_CPU = "stat=$1; shift; \"$@\"; code=$?; cat /proc/$$/stat > \"$stat\"; exit $code";

	/** Empty where cgroups are not writable: then tasks still run, without CPU limits. */
	private final Optional<Cgroups> cgroups;

	private final Sandbox sandbox;

	private final TenantIds tenants;

	private final TenantFolders folders;

	private final DataSize tmpSize;

	private final TasksTmpfs tasksTmpfs;

	/** Containers and their CPU, where no cgroup keeps them. */
	private final Map<ContainerName, UntrackedCpu> untracked = new ConcurrentHashMap<>();

	/** Where containers keep their folders: {@code <workRoot>/<container>/tasks}. */
	private final Path workRoot;

	private final NamedContainers handles;

	LocalCgroupRuntime(Optional<Cgroups> cgroups, Sandbox sandbox, TenantIds tenants, DataSize tmpSize, Path workRoot) {
		this.workRoot = workRoot.toAbsolutePath();
		this.handles = new NamedContainers(this, this.workRoot);
		this.cgroups = cgroups;
		this.sandbox = sandbox;
		this.tenants = tenants;
		this.folders = TenantFolders.ofThisService(tenants.sandboxGroup());
		this.tmpSize = tmpSize;
		this.tasksTmpfs = new TasksTmpfs(this.folders.separatesTenants(), tenants.sandboxGroup());
		if (!this.folders.separatesTenants()) {
			log.warn("The service is not root: every tenant's tasks run as its own user (each in a sandbox)");
		}
		if (cgroups.isEmpty()) {
			log.warn("CPU cgroups are not writable: tasks run without CPU limits, and CPU is measured"
					+ " from their process trees (10 ms resolution)");
		}
	}

	/**
	 * Makes the platform's folders above the work folders passable by the sandboxes only
	 * (0710, the sandbox group).
	 */
	void makePassable(List<Path> platformFolders) {
		platformFolders.forEach(this.folders::passableBySandboxes);
	}

	@Override
	public String kind() {
		return "local";
	}

	@Override
	public RuntimeContainer start(ContainerSpec spec) {
		if (running().contains(spec.name())) {
			throw new RuntimeFailure("Container " + spec.name() + " runs already");
		}
		this.folders.passableBySandboxes(spec.workFolder());
		this.folders.passableBySandboxes(spec.workFolder().resolve("tasks"));
		this.tasksTmpfs.mount(spec.workFolder().resolve("tasks"), spec.limits().disk());
		this.folders.checkCanReach(spec.workFolder());
		if (spec.staging() != null && Files.isDirectory(spec.staging())) {
			this.folders.handTo(spec.staging(), this.tenants.of(spec.owner()));
		}
		if (spec.image() != null) {
			mountImage(spec);
		}
		if (this.cgroups.isEmpty()) {
			this.untracked.put(spec.name(), new UntrackedCpu());
			log.info("Started local container {} (no CPU limit: cgroups are unavailable)", spec.name());
			return this.handles.of(spec.name());
		}
		CpuCgroup group = this.cgroups.get().create(spec.name().value(), spec.limits());
		group.setLimit(spec.initialLimit());
		log.info("Started local container {} ({}, limit {}, {})", spec.name(), group, spec.initialLimit(),
				spec.limits());
		return this.handles.of(spec.name());
	}

	@Override
	public ExecResult exec(ContainerName container, ExecRequest request) {
		if (!running().contains(container)) {
			throw new RuntimeFailure("Container " + container + " is not running");
		}
		Optional<TenantId> tenant = tenant(request.owner());
		if (request.network() == NetworkAccess.EGRESS) {
			requireTunnelDevice();
		}
		tenant.ifPresent((id) -> this.folders.handTo(request.workFolder(), id));
		List<String> command = new ArrayList<>();
		Optional<CpuCgroup> group = cgroup(container);
		Path statFile = request.workFolder().resolveSibling(request.workFolder().getFileName() + ".cpu");
		if (group.isPresent()) {
			command.addAll(group.get().joinCommand());
		}
		else {
			command.addAll(List.of("/bin/sh", "-c", RECORD_CPU, "record", statFile.toString()));
		}
		command.addAll(this.sandbox.wrap(tenant, imageRoot(container), request.workFolder(),
				Optional.ofNullable(request.staging()).filter(Files::isDirectory), container.value(),
				this.tmpSize.toBytes(), request.network(), request.command()));
		ProcessBuilder builder = new ProcessBuilder(command).directory(request.workFolder().toFile());
		builder.environment().clear();
		builder.environment().putAll(request.environment());
		// Killing the sandbox's PID 1 (the task) on a timeout makes the kernel kill every
		// process in its namespace.
		if (group.isPresent()) {
			return ProcessRunner.runTask(builder, request,
					(process) -> CommandPidFile.record(request.workFolder(), process),
					(process) -> CommandPidFile.remove(request.workFolder()));
		}
		UntrackedCpu tracked = this.untracked.get(container);
		return ProcessRunner.runTask(builder, request, (process) -> tracked.started(process),
				(process) -> tracked.finished(process, statFile));
	}

	/**
	 * Mounts the image's root read-only, where the container's commands find it: outside
	 * its work folder, which is emptied before every start.
	 */
	private void mountImage(ContainerSpec spec) {
		if (!this.folders.separatesTenants()) {
			throw new RuntimeFailure("Function " + spec.function() + " has an image, which only a ContainerManager"
					+ " that runs as root can mount");
		}
		SifFile image = SifFile.read(spec.image());
		Path mount = imageMount(spec.name());
		try {
			Files.createDirectories(mount);
		}
		catch (IOException ex) {
			throw new RuntimeFailure("Cannot make " + mount + ": " + ex.getMessage(), ex);
		}
		this.folders.passableBySandboxes(mount.getParent());
		Mounts.unmount(mount);
		Mounts.squashfs(spec.image(), image.partitionOffset(), image.partitionSize(), mount);
	}

	/** Where a container's image is mounted: {@code <workRoot>/.images/<container>}. */
	private Path imageMount(ContainerName container) {
		return this.workRoot.resolve(".images").resolve(container.value());
	}

	private Optional<Path> imageRoot(ContainerName container) {
		Path mount = imageMount(container);
		return Mounts.mounted(mount) ? Optional.of(mount) : Optional.empty();
	}

	@Override
	public Path taskFolderInside(Path workFolder) {
		return Sandbox.TASK;
	}

	/**
	 * pasta opens {@code /dev/net/tun} as the tenant, inside the task's namespaces; udev
	 * makes it 0666, some container hosts leave it 0600.
	 */
	private void requireTunnelDevice() {
		try {
			if (this.folders.separatesTenants()
					&& !PosixFilePermissions.toString(Files.getPosixFilePermissions(TUN)).endsWith("rw-")) {
				throw new RuntimeFailure("network egress needs " + TUN + " open to all (mode 0666, as udev makes it)");
			}
		}
		catch (IOException ex) {
			throw new RuntimeFailure("network egress needs " + TUN + ", which is missing: " + ex.getMessage(), ex);
		}
	}

	@Override
	public Optional<TenantId> tenant(UserName owner) {
		return this.folders.separatesTenants() ? Optional.of(this.tenants.of(owner)) : Optional.empty();
	}

	@Override
	public long oomKills(ContainerName container) {
		return cgroup(container).map(CpuCgroup::oomKills).orElse(0L);
	}

	@Override
	public Duration stop(ContainerName container) {
		try {
			return stopProcesses(container);
		}
		finally {
			this.tasksTmpfs.unmount(this.workRoot.resolve(container.value()).resolve("tasks"));
			if (this.folders.separatesTenants()) {
				Mounts.unmount(imageMount(container));
			}
		}
	}

	private Duration stopProcesses(ContainerName container) {
		UntrackedCpu tracked = this.untracked.remove(container);
		if (tracked != null) {
			return tracked.killAll();
		}
		return cgroup(container).map((group) -> {
			Duration used = group.destroy();
			log.info("Stopped local container {} after {} s of CPU", container, used.toMillis() / 1000.0);
			return used;
		}).orElse(Duration.ZERO);
	}

	@Override
	public List<ContainerName> running() {
		return this.cgroups.map((found) -> found.list().stream().map(ContainerName::of).toList())
			.orElseGet(() -> List.copyOf(this.untracked.keySet()));
	}

	@Override
	public Duration cpuUsage(ContainerName container) {
		UntrackedCpu tracked = this.untracked.get(container);
		if (tracked != null) {
			return tracked.usage();
		}
		return cgroup(container).map(CpuCgroup::usage).orElse(Duration.ZERO);
	}

	@Override
	public Optional<CpuCgroup> cgroup(ContainerName container) {
		return this.cgroups.flatMap((found) -> found.find(container.value()));
	}

	@Override
	public List<RuntimeContainer> leftovers() {
		return this.handles.leftovers();
	}

	@Override
	public String toString() {
		return "local runtime on " + this.cgroups;
	}

}
