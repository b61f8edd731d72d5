package org.gridfaas.containers.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.gridfaas.common.cpu.CpuShares;
import org.gridfaas.common.naming.ContainerName;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.containers.cgroup.CpuCgroup;
import org.gridfaas.containers.runtime.TenantIds.TenantId;

/**
 * A runtime for testing the pool, the dispatcher and the task runner without root, as
 * OpenWhisk tests its pool against a recording factory: a container is a record of its
 * spec, CPU counter, limit and life; a command really runs, as the service's own user, in
 * its work folder (no sandbox), so tasks go from input to output. The test sets the CPU a
 * container used, kills one, or leaves some running for the next "run" of the service.
 */
public class FakeContainerRuntime implements ContainerRuntime {

	private final Map<ContainerName, FakeContainer> containers = new ConcurrentHashMap<>();

	private final List<ContainerSpec> started = new CopyOnWriteArrayList<>();

	private final List<FakeContainer> leftovers = new CopyOnWriteArrayList<>();

	@Override
	public String kind() {
		return "fake";
	}

	@Override
	public RuntimeContainer start(ContainerSpec spec) {
		FakeContainer container = new FakeContainer(spec.name(), spec.initialLimit());
		if (this.containers.putIfAbsent(spec.name(), container) != null) {
			throw new RuntimeFailure("Container " + spec.name() + " runs already");
		}
		this.started.add(spec);
		return container;
	}

	@Override
	public List<RuntimeContainer> leftovers() {
		List<RuntimeContainer> found = new ArrayList<>(this.leftovers);
		this.leftovers.forEach((container) -> this.containers.put(container.name(), container));
		this.leftovers.clear();
		return found;
	}

	/**
	 * Containers this runtime finds at its next {@link #leftovers()}, as after a crash.
	 */
	public FakeContainer leaveRunning(ContainerName name, Duration used) {
		FakeContainer container = new FakeContainer(name, null);
		container.addCpu(used);
		this.leftovers.add(container);
		return container;
	}

	@Override
	public Path taskFolderInside(Path workFolder) {
		return workFolder;
	}

	@Override
	public Optional<TenantId> tenant(UserName owner) {
		return Optional.empty();
	}

	/** Every spec a container was started with, in order. */
	public List<ContainerSpec> started() {
		return List.copyOf(this.started);
	}

	public Optional<FakeContainer> container(ContainerName name) {
		return Optional.ofNullable(this.containers.get(name));
	}

	/** A fake container: its CPU is what the test says it used. */
	public final class FakeContainer implements RuntimeContainer {

		private final ContainerName name;

		private volatile Duration used = Duration.ZERO;

		private volatile CpuShares limit;

		private volatile boolean running = true;

		private volatile int stops;

		private final List<ExecRequest> commands = new CopyOnWriteArrayList<>();

		private final java.util.Set<ProcessHandle> live = ConcurrentHashMap.newKeySet();

		FakeContainer(ContainerName name, CpuShares limit) {
			this.name = name;
			this.limit = limit;
		}

		@Override
		public ContainerName name() {
			return this.name;
		}

		@Override
		public ExecResult exec(ExecRequest request) {
			if (!this.running) {
				throw new RuntimeFailure("Container " + this.name + " is not running");
			}
			this.commands.add(request);
			ProcessBuilder builder = new ProcessBuilder(request.command()).directory(request.workFolder().toFile());
			builder.environment().clear();
			builder.environment().putAll(request.environment());
			return ProcessRunner.runTask(builder, request, (process) -> {
				this.live.add(process);
				if (!this.running) {
					// It vanished while the command started: the command goes with it.
					ProcessTrees.kill(process);
				}
			}, this.live::remove);
		}

		@Override
		public Duration cpuUsage() {
			return this.used;
		}

		@Override
		public Optional<CpuCgroup> cgroup() {
			return Optional.empty();
		}

		@Override
		public Optional<CpuShares> cpuLimit() {
			return Optional.ofNullable(this.limit);
		}

		@Override
		public void setCpuLimit(CpuShares shares) {
			this.limit = shares;
		}

		@Override
		public long oomKills() {
			return 0;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Override
		public Duration stop() {
			this.stops++;
			if (!this.running) {
				return Duration.ZERO;
			}
			vanish();
			return this.used;
		}

		/** The container used this much more CPU. */
		public void addCpu(Duration more) {
			this.used = this.used.plus(more);
		}

		/** It dies by itself (an instance killed from outside), with what ran in it. */
		public void vanish() {
			this.running = false;
			this.live.forEach(ProcessTrees::kill);
			FakeContainerRuntime.this.containers.remove(this.name, this);
		}

		public int stops() {
			return this.stops;
		}

		public List<ExecRequest> commands() {
			return List.copyOf(this.commands);
		}

	}

}
