package org.gridfaas.containers.runtime.apptainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.gridfaas.common.naming.ContainerName;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.containers.cgroup.Cgroups;
import org.gridfaas.containers.cgroup.CpuCgroup;
import org.gridfaas.containers.runtime.CommandPidFile;
import org.gridfaas.containers.runtime.ContainerRuntime;
import org.gridfaas.containers.runtime.ContainerSpec;
import org.gridfaas.containers.runtime.ExecRequest;
import org.gridfaas.containers.runtime.ExecResult;
import org.gridfaas.containers.runtime.NamedContainers;
import org.gridfaas.containers.runtime.NetworkAccess;
import org.gridfaas.containers.runtime.ProcessRunner;
import org.gridfaas.containers.runtime.ProcessTrees;
import org.gridfaas.containers.runtime.RuntimeContainer;
import org.gridfaas.containers.runtime.RuntimeFailure;
import org.gridfaas.containers.runtime.TenantFolders;
import org.gridfaas.containers.runtime.TenantIds;
import org.gridfaas.containers.runtime.TenantIds.TenantId;

/**
 * Containers as Apptainer instances, through the {@code apptainer} CLI: one instance per
 * function, run as its owner's host uid ({@link TenantIds}) in a user namespace, never as
 * root; tasks run with {@code apptainer exec instance://...} as the same uid. Where the
 * service is root, each instance lives in a cgroup of the service's (CPU, memory,
 * processes), joined before Apptainer starts, so limits are changed and usage read there;
 * elsewhere the instance's own cgroup is read. Each container's folder records its
 * instance ({@link InstanceRecord}), so instances are found again after a restart.
 */
class ApptainerRuntime implements ContainerRuntime, NamedContainers.Operations {

	private static final Logger log = LoggerFactory.getLogger(ApptainerRuntime.class);

	private static final Duration CLI_TIMEOUT = Duration.ofMinutes(2);

	private final ApptainerCommands commands;

	private final ProcessRunner runner;

	private final Optional<Cgroups> cgroups;

	private final Path cgroupMount;

	private final TenantIds tenants;

	private final TenantFolders folders;

	private final HostAccounts accounts;

	private final Path workRoot;

	private final NamedContainers handles;

	private final Map<ContainerName, Set<ProcessHandle>> executions = new ConcurrentHashMap<>();

	ApptainerRuntime(ApptainerCommands commands, ProcessRunner runner, Optional<Cgroups> cgroups, Path cgroupMount,
			TenantIds tenants, TenantFolders folders, HostAccounts accounts, Path workRoot) {
		this.commands = commands;
		this.runner = runner;
		this.cgroups = cgroups;
		this.cgroupMount = cgroupMount;
		this.tenants = tenants;
		this.folders = folders;
		this.accounts = accounts;
		this.workRoot = workRoot.toAbsolutePath();
		this.handles = new NamedContainers(this, this.workRoot);
	}

	@Override
	public String kind() {
		return "apptainer";
	}

	@Override
	public RuntimeContainer start(ContainerSpec spec) {
		if (spec.network() != NetworkAccess.NONE) {
			// Apptainer's unprivileged modes offer no network but none or the host's,
			// and the host's would open its loopback services to the tasks.
			throw new RuntimeFailure("network egress is granted on the local runtime only (through pasta)");
		}
		if (spec.image() == null || !Files.isRegularFile(spec.image())) {
			throw new RuntimeFailure("Function " + spec.function() + " has no image, and Apptainer runs functions"
					+ " in their image only: publish it with a definition, or upload utils/" + spec.function()
					+ ".sif");
		}
		Optional<TenantId> tenant = tenant(spec.owner());
		Path tasks = spec.workFolder().resolve("tasks");
		this.folders.passableBySandboxes(spec.workFolder());
		this.folders.passableBySandboxes(tasks);
		Path home = home(spec.workFolder());
		tenant.ifPresent((id) -> {
			this.accounts.ensure(id);
			this.folders.handTo(createFolder(home), id);
			// Apptainer opens the image as the tenant; no other tenant may read it.
			this.folders.handTo(spec.image(), id);
			if (spec.staging() != null && Files.isDirectory(spec.staging())) {
				this.folders.handTo(spec.staging(), id);
			}
		});
		List<String> command = new ArrayList<>();
		this.cgroups.ifPresent((found) -> {
			CpuCgroup group = found.create(spec.name().value(), spec.limits());
			group.setLimit(spec.initialLimit());
			command.addAll(group.joinCommand());
		});
		command.addAll(this.commands.start(tenant, home, instance(spec.name()), spec.image(), spec.staging(), tasks));
		this.runner.run(command, CLI_TIMEOUT);
		long pid = listed(tenant, home, spec.name())
			.orElseThrow(() -> new RuntimeFailure("Apptainer started no instance " + instance(spec.name())))
			.pid();
		new InstanceRecord(spec.owner(), pid).write(spec.workFolder());
		log.info("Started Apptainer instance {} from {} as {}", instance(spec.name()), spec.image(),
				tenant.map((id) -> "uid " + id.uid()).orElse("the service's user"));
		return this.handles.of(spec.name());
	}

	@Override
	public ExecResult exec(ContainerName container, ExecRequest request) {
		Optional<TenantId> tenant = tenant(request.owner());
		tenant.ifPresent((id) -> this.folders.handTo(request.workFolder(), id));
		List<String> command = new ArrayList<>();
		ownCgroup(container).ifPresent((group) -> command.addAll(group.joinCommand()));
		command.addAll(this.commands.exec(tenant, home(folder(container)), instance(container), request.workFolder(),
				request.environment(), request.command()));
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().clear();
		builder.environment().put("PATH", request.environment().getOrDefault("PATH", "/usr/bin:/bin"));
		Set<ProcessHandle> running = this.executions.computeIfAbsent(container,
				(name) -> ConcurrentHashMap.newKeySet());
		return ProcessRunner.runTask(builder, request, (process) -> {
			CommandPidFile.record(request.workFolder(), process);
			running.add(process);
		}, (process) -> {
			running.remove(process);
			CommandPidFile.remove(request.workFolder());
		});
	}

	/** The container's task folders are bound at the same path inside the instance. */
	@Override
	public Path taskFolderInside(Path workFolder) {
		return workFolder;
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
		Optional<InstanceRecord> record = InstanceRecord.read(folder(container));
		if (record.isEmpty()) {
			return Duration.ZERO;
		}
		// Kill the tasks first, so the final reading covers all the CPU they used.
		this.executions.getOrDefault(container, Set.of()).forEach(ProcessTrees::kill);
		Optional<TenantId> tenant = tenant(record.get().owner());
		try {
			this.runner.run(this.commands.stop(tenant, home(folder(container)), instance(container)), CLI_TIMEOUT);
		}
		catch (RuntimeFailure ex) {
			log.warn("Apptainer did not stop {} ({}); its cgroup is killed instead", instance(container),
					ex.getMessage());
		}
		Duration used = ownCgroup(container).map(CpuCgroup::destroy)
			.orElseGet(() -> cgroup(container).map(CpuCgroup::usage).orElse(Duration.ZERO));
		InstanceRecord.delete(folder(container));
		this.executions.remove(container);
		return used;
	}

	@Override
	public List<ContainerName> running() {
		if (!Files.isDirectory(this.workRoot)) {
			return List.of();
		}
		try (Stream<Path> folders = Files.list(this.workRoot)) {
			return folders.filter((folder) -> InstanceRecord.read(folder).filter(InstanceRecord::running).isPresent())
				.map((folder) -> ContainerName.of(folder.getFileName().toString()))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public Duration cpuUsage(ContainerName container) {
		return cgroup(container).map(CpuCgroup::usage).orElse(Duration.ZERO);
	}

	@Override
	public Optional<CpuCgroup> cgroup(ContainerName container) {
		Optional<CpuCgroup> own = ownCgroup(container);
		if (own.isPresent() || this.cgroups.isEmpty()) {
			return own;
		}
		return InstanceRecord.read(folder(container)).flatMap((record) -> instanceCgroup(record.pid()));
	}

	private Optional<CpuCgroup> ownCgroup(ContainerName container) {
		return this.cgroups.flatMap((found) -> found.find(container.value()));
	}

	/** The cgroup Apptainer put the instance in, where the service made none. */
	private Optional<CpuCgroup> instanceCgroup(long pid) {
		try {
			Cgroups found = this.cgroups.get();
			String content = Files.readString(Path.of("/proc", Long.toString(pid), "cgroup"));
			return ProcCgroup.parse(content)
				.map((paths) -> (found.version() == Cgroups.Version.V2)
						? found.at(this.cgroupMount.resolve(paths.cpu()), this.cgroupMount.resolve(paths.cpu()))
						: found.at(this.cgroupMount.resolve("cpu").resolve(paths.cpu()),
								this.cgroupMount.resolve("cpuacct").resolve(paths.cpuacct())));
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	private Optional<InstanceList.Instance> listed(Optional<TenantId> tenant, Path home, ContainerName container) {
		String name = instance(container);
		return InstanceList.parse(this.runner.run(this.commands.list(tenant, home), CLI_TIMEOUT).stdout())
			.stream()
			.filter((instance) -> instance.name().equals(name))
			.findFirst();
	}

	private Path folder(ContainerName container) {
		return this.workRoot.resolve(container.value());
	}

	/** Where Apptainer keeps the container's instance record: the tenant's, 0700. */
	private static Path home(Path workFolder) {
		return workFolder.resolve("apptainer");
	}

	private static Path createFolder(Path folder) {
		try {
			return Files.createDirectories(folder);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String instance(ContainerName container) {
		return ApptainerCommands.PREFIX + container.value();
	}

	@Override
	public List<RuntimeContainer> leftovers() {
		return this.handles.leftovers();
	}

	@Override
	public String toString() {
		return "Apptainer runtime";
	}

}
