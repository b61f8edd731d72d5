package org.gridfaas.containers.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.gridfaas.common.naming.ContainerName;
import org.gridfaas.containers.cgroup.CpuCgroup;

/**
 * The containers of an adapter that keeps its state by container name (a cgroup, an
 * instance record in the container's folder), handed out as {@link RuntimeContainer}s.
 * Both adapters keep their state so, because it must survive a restart of the service.
 */
public final class NamedContainers {

	private static final Logger log = LoggerFactory.getLogger(NamedContainers.class);

	/** What an adapter does to one of its containers, by name. */
	public interface Operations {

		ExecResult exec(ContainerName container, ExecRequest request);

		Duration cpuUsage(ContainerName container);

		Optional<CpuCgroup> cgroup(ContainerName container);

		long oomKills(ContainerName container);

		/**
		 * The containers of ours that run now, including ones started before a restart.
		 */
		List<ContainerName> running();

		Duration stop(ContainerName container);

	}

	private final Operations operations;

	private final Path workRoot;

	/**
	 * @param workRoot where containers keep their folders:
	 * {@code <workRoot>/<container>/tasks} holds their commands' PID files
	 */
	public NamedContainers(Operations operations, Path workRoot) {
		this.operations = operations;
		this.workRoot = workRoot;
	}

	/** The container of this name. */
	public RuntimeContainer of(ContainerName name) {
		return new Handle(name);
	}

	/**
	 * The containers running now, left by an earlier run of the service: the commands
	 * that ran in them (found by their PID files) are killed first.
	 */
	public List<RuntimeContainer> leftovers() {
		List<RuntimeContainer> found = new ArrayList<>();
		for (ContainerName name : this.operations.running()) {
			List<Long> killed = CommandPidFile.killAllUnder(this.workRoot.resolve(name.value()).resolve("tasks"));
			if (!killed.isEmpty()) {
				log.info("Killed {} command(s) an earlier run left in {}", killed.size(), name);
			}
			found.add(new Handle(name));
		}
		return found;
	}

	private final class Handle implements RuntimeContainer {

		private final ContainerName name;

		Handle(ContainerName name) {
			this.name = name;
		}

		@Override
		public ContainerName name() {
			return this.name;
		}

		@Override
		public ExecResult exec(ExecRequest request) {
			return NamedContainers.this.operations.exec(this.name, request);
		}

		@Override
		public Duration cpuUsage() {
			return NamedContainers.this.operations.cpuUsage(this.name);
		}

		@Override
		public Optional<CpuCgroup> cgroup() {
			return NamedContainers.this.operations.cgroup(this.name);
		}

		@Override
		public long oomKills() {
			return NamedContainers.this.operations.oomKills(this.name);
		}

		@Override
		public boolean isRunning() {
			return NamedContainers.this.operations.running().contains(this.name);
		}

		@Override
		public Duration stop() {
			return NamedContainers.this.operations.stop(this.name);
		}

		@Override
		public String toString() {
			return this.name.value();
		}

	}

}
