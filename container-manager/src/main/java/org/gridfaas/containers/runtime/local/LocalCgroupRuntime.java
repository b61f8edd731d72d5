package org.gridfaas.containers.runtime.local;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.gridfaas.common.naming.ContainerName;
import org.gridfaas.containers.cgroup.Cgroups;
import org.gridfaas.containers.cgroup.CpuCgroup;
import org.gridfaas.containers.runtime.ContainerRuntime;
import org.gridfaas.containers.runtime.ContainerSpec;
import org.gridfaas.containers.runtime.ExecRequest;
import org.gridfaas.containers.runtime.ExecResult;
import org.gridfaas.containers.runtime.RuntimeFailure;

/**
 * Containers without an image: a container is a CPU cgroup, and each command in it runs
 * in fresh PID, mount and UTS namespaces ({@code unshare}) as an unprivileged user
 * ({@code setpriv}) when the service runs as root. It is the default where Apptainer is
 * not installed, and what the tests run on. Tasks see the host's filesystem read-only
 * except their work folder, as the task user.
 */
class LocalCgroupRuntime implements ContainerRuntime {

	private static final Logger log = LoggerFactory.getLogger(LocalCgroupRuntime.class);

	/**
	 * Writes its own PID to each procs file given before {@code --}, then execs the rest:
	 * so the command and everything it forks start inside the cgroup. A fixed script with
	 * arguments, never interpolated.
	 */
	private static final String JOIN_CGROUP = "for f; do [ \"$f\" = -- ] && break; echo $$ > \"$f\" || exit 125; shift; done; shift; exec \"$@\"";

	private final Cgroups cgroups;

	private final TaskUser taskUser;

	LocalCgroupRuntime(Cgroups cgroups, TaskUser taskUser) {
		this.cgroups = cgroups;
		this.taskUser = taskUser;
	}

	@Override
	public String kind() {
		return "local";
	}

	@Override
	public void start(ContainerSpec spec) {
		if (this.cgroups.find(spec.name().value()).isPresent()) {
			throw new RuntimeFailure("Container " + spec.name() + " runs already");
		}
		this.taskUser.checkCanReach(spec.workFolder());
		CpuCgroup group = this.cgroups.create(spec.name().value());
		group.setLimit(spec.initialLimit());
		log.info("Started local container {} ({}, limit {})", spec.name(), group, spec.initialLimit());
	}

	@Override
	public ExecResult exec(ContainerName container, ExecRequest request) {
		CpuCgroup group = this.cgroups.find(container.value())
			.orElseThrow(() -> new RuntimeFailure("Container " + container + " is not running"));
		this.taskUser.grantAccess(request.workFolder());
		List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", JOIN_CGROUP, "join"));
		group.procsFiles().forEach((file) -> command.add(file.toString()));
		command.add("--");
		command.addAll(List.of("unshare", "--pid", "--fork", "--mount-proc", "--mount", "--uts"));
		command.addAll(this.taskUser.unshareOptions());
		command.add("--");
		command.addAll(this.taskUser.dropPrivileges());
		command.addAll(request.command());
		ProcessBuilder builder = new ProcessBuilder(command).directory(request.workFolder().toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(request.log().toFile()))
			.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
		builder.environment().clear();
		builder.environment().putAll(request.environment());
		return run(builder, request.timeout());
	}

	private static ExecResult run(ProcessBuilder builder, Duration timeout) {
		Instant started = Instant.now();
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			throw new RuntimeFailure("Cannot start " + builder.command().get(0) + ": " + ex.getMessage(), ex);
		}
		try {
			boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (!exited) {
				killTree(process);
				process.waitFor();
			}
			return new ExecResult(process.exitValue(), !exited, Duration.between(started, Instant.now()));
		}
		catch (InterruptedException ex) {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new RuntimeFailure("Interrupted while a task ran; it was killed", ex);
		}
	}

	/**
	 * Kills a task and everything it started. Killing the PID namespace's init (the child
	 * of unshare) makes the kernel kill every process in the namespace. unshare's
	 * {@code --kill-child} cannot do this: the kernel clears the parent-death signal when
	 * setpriv changes the user.
	 */
	private static void killTree(Process process) throws InterruptedException {
		List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
		tree.add(process.toHandle());
		tree.forEach(ProcessHandle::destroyForcibly);
		// Return only once they are gone, so the caller never sees a half-dead task.
		Instant deadline = Instant.now().plusSeconds(5);
		for (ProcessHandle handle : tree) {
			while (handle.isAlive() && Instant.now().isBefore(deadline)) {
				Thread.sleep(5);
			}
		}
	}

	@Override
	public Duration stop(ContainerName container) {
		return this.cgroups.find(container.value()).map((group) -> {
			Duration used = group.destroy();
			log.info("Stopped local container {} after {} s of CPU", container, used.toMillis() / 1000.0);
			return used;
		}).orElse(Duration.ZERO);
	}

	@Override
	public List<ContainerName> running() {
		return this.cgroups.list().stream().map(ContainerName::of).toList();
	}

	@Override
	public Duration cpuUsage(ContainerName container) {
		return cgroup(container).map(CpuCgroup::usage).orElse(Duration.ZERO);
	}

	@Override
	public Optional<CpuCgroup> cgroup(ContainerName container) {
		return this.cgroups.find(container.value());
	}

	@Override
	public String toString() {
		return "local runtime on " + this.cgroups;
	}

}
