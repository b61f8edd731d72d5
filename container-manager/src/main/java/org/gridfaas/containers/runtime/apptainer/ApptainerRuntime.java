package org.gridfaas.containers.runtime.apptainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

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
import org.gridfaas.containers.runtime.OutputTail;
import org.gridfaas.containers.runtime.RuntimeFailure;
import org.gridfaas.containers.runtime.TenantIds;

/**
 * Containers as Apptainer instances, through the {@code apptainer} CLI: one instance per
 * function, started from its image with the CPU limit applied at start, tasks run with
 * {@code apptainer exec instance://...}. Limits are changed and usage read on the
 * instance's cgroup, found from its PID.
 */
class ApptainerRuntime implements ContainerRuntime {

	private static final Logger log = LoggerFactory.getLogger(ApptainerRuntime.class);

	private static final Duration CLI_TIMEOUT = Duration.ofMinutes(2);

	private final ApptainerCommands commands;

	private final ProcessRunner runner;

	private final Cgroups cgroups;

	private final Path cgroupMount;

	private final Duration period;

	private final Map<ContainerName, Set<Process>> executions = new ConcurrentHashMap<>();

	ApptainerRuntime(ApptainerCommands commands, ProcessRunner runner, Cgroups cgroups, Path cgroupMount,
			Duration period) {
		this.commands = commands;
		this.runner = runner;
		this.cgroups = cgroups;
		this.cgroupMount = cgroupMount;
		this.period = period;
	}

	@Override
	public String kind() {
		return "apptainer";
	}

	@Override
	public void start(ContainerSpec spec) {
		if (!Files.isRegularFile(spec.image())) {
			throw new RuntimeFailure("No image for " + spec.function() + " at " + spec.image());
		}
		Path cgroupsFile = spec.workFolder().resolve("cgroups.toml");
		try {
			Files.writeString(cgroupsFile, ApptainerCommands.cgroupsToml(spec.initialLimit(), this.period));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.runner.run(this.commands.start(instance(spec.name()), spec.image(), spec.staging(), spec.workFolder(),
				cgroupsFile), CLI_TIMEOUT);
		log.info("Started Apptainer instance {} from {}", instance(spec.name()), spec.image());
	}

	@Override
	public ExecResult exec(ContainerName container, ExecRequest request) {
		List<String> command = this.commands.exec(instance(container), request.workFolder(), request.environment(),
				request.command());
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.PIPE)
			.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
		builder.environment().clear();
		builder.environment().put("PATH", request.environment().getOrDefault("PATH", "/usr/bin:/bin"));
		Instant started = Instant.now();
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			throw new RuntimeFailure("Cannot run apptainer: " + ex.getMessage(), ex);
		}
		CommandPidFile.record(request.workFolder(), process.toHandle());
		OutputTail output = OutputTail.drain(process.getInputStream(), request.log(), request.logLimit());
		Set<Process> running = this.executions.computeIfAbsent(container, (name) -> ConcurrentHashMap.newKeySet());
		running.add(process);
		try {
			boolean exited = process.waitFor(request.timeout().toMillis(), TimeUnit.MILLISECONDS);
			if (!exited) {
				kill(process);
				process.waitFor();
			}
			long outputBytes = output.await();
			return new ExecResult(process.exitValue(), !exited, Duration.between(started, Instant.now()), outputBytes);
		}
		catch (InterruptedException ex) {
			kill(process);
			Thread.currentThread().interrupt();
			throw new RuntimeFailure("Interrupted while a task ran; it was killed", ex);
		}
		finally {
			running.remove(process);
			CommandPidFile.remove(request.workFolder());
		}
	}

	/** The container's work folder is bound at the same path inside the instance. */
	@Override
	public Path taskFolderInside(Path workFolder) {
		return workFolder;
	}

	/** Instances run as the service's own user (see the README's security model). */
	@Override
	public Optional<TenantIds.TenantId> tenant(UserName owner) {
		return Optional.empty();
	}

	@Override
	public long oomKills(ContainerName container) {
		return cgroup(container).map(CpuCgroup::oomKills).orElse(0L);
	}

	@Override
	public Duration stop(ContainerName container) {
		Optional<InstanceList.Instance> instance = find(container);
		if (instance.isEmpty()) {
			return Duration.ZERO;
		}
		// Kill the tasks first, so the final reading covers all the CPU they used.
		this.executions.getOrDefault(container, Set.of()).forEach(ApptainerRuntime::kill);
		Duration used = cgroupOf(instance.get()).map(CpuCgroup::usage).orElse(Duration.ZERO);
		this.runner.run(this.commands.stop(instance(container)), CLI_TIMEOUT);
		this.executions.remove(container);
		return used;
	}

	@Override
	public List<ContainerName> running() {
		return instances().stream()
			.filter((instance) -> instance.name().startsWith(ApptainerCommands.PREFIX))
			.map((instance) -> ContainerName.of(instance.name().substring(ApptainerCommands.PREFIX.length())))
			.toList();
	}

	@Override
	public Duration cpuUsage(ContainerName container) {
		return cgroup(container).map(CpuCgroup::usage).orElse(Duration.ZERO);
	}

	@Override
	public Optional<CpuCgroup> cgroup(ContainerName container) {
		return find(container).flatMap(this::cgroupOf);
	}

	private Optional<CpuCgroup> cgroupOf(InstanceList.Instance instance) {
		if (this.cgroups == null) {
			return Optional.empty();
		}
		try {
			String content = Files.readString(Path.of("/proc", Long.toString(instance.pid()), "cgroup"));
			return ProcCgroup.parse(content)
				.map((paths) -> (this.cgroups.version() == Cgroups.Version.V2)
						? this.cgroups.at(this.cgroupMount.resolve(paths.cpu()), this.cgroupMount.resolve(paths.cpu()))
						: this.cgroups.at(this.cgroupMount.resolve("cpu").resolve(paths.cpu()),
								this.cgroupMount.resolve("cpuacct").resolve(paths.cpuacct())));
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	private Optional<InstanceList.Instance> find(ContainerName container) {
		String name = instance(container);
		return instances().stream().filter((instance) -> instance.name().equals(name)).findFirst();
	}

	private List<InstanceList.Instance> instances() {
		return InstanceList.parse(this.runner.run(this.commands.list(), CLI_TIMEOUT).stdout());
	}

	private static String instance(ContainerName container) {
		return ApptainerCommands.PREFIX + container.value();
	}

	private static void kill(Process process) {
		process.descendants().forEach(ProcessHandle::destroyForcibly);
		process.destroyForcibly();
	}

	@Override
	public String toString() {
		return "Apptainer runtime";
	}

}
