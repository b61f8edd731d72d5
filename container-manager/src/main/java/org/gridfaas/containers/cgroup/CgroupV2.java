package org.gridfaas.containers.cgroup;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.gridfaas.common.cpu.CpuShares;

/**
 * A group in the unified cgroup v2 hierarchy: the limit is {@code cpu.max}
 * ({@code "<quota> <period>"} or {@code "max <period>"}), usage is {@code usage_usec} in
 * {@code cpu.stat}.
 */
final class CgroupV2 implements CpuCgroup {

	private final Path folder;

	private final Duration period;

	CgroupV2(Path folder, Duration period) {
		this.folder = folder;
		this.period = period;
	}

	@Override
	public List<Path> procsFiles() {
		return List.of(this.folder.resolve("cgroup.procs"));
	}

	@Override
	public Duration usage() {
		return Duration.ofNanos(Math.multiplyExact(stat().getOrDefault("usage_usec", 0L), 1000L));
	}

	@Override
	public Optional<CpuShares> limit() {
		String[] max = CgroupFiles.read(this.folder.resolve("cpu.max")).split("\\s+");
		if (max[0].equals("max")) {
			return Optional.empty();
		}
		long quota = Long.parseLong(max[0]);
		long periodMicros = Long.parseLong(max[1]);
		return Optional.of(CpuShares.of((int) (quota * CpuShares.PER_CORE / periodMicros)));
	}

	@Override
	public void setLimit(CpuShares shares) {
		long periodMicros = this.period.toNanos() / 1000;
		long quota = Math.max(1000, shares.cfsQuotaMicros(this.period));
		CgroupFiles.write(this.folder.resolve("cpu.max"), quota + " " + periodMicros);
	}

	@Override
	public void removeLimit() {
		CgroupFiles.write(this.folder.resolve("cpu.max"), "max " + (this.period.toNanos() / 1000));
	}

	@Override
	public void setResourceLimits(ResourceLimits limits) {
		CgroupFiles.write(this.folder.resolve("memory.max"), Long.toString(limits.memory().toBytes()));
		Path swap = this.folder.resolve("memory.swap.max");
		if (java.nio.file.Files.exists(swap)) {
			CgroupFiles.write(swap, "0");
		}
		CgroupFiles.write(this.folder.resolve("pids.max"), Integer.toString(limits.pids()));
	}

	@Override
	public long oomKills() {
		Path events = this.folder.resolve("memory.events");
		return java.nio.file.Files.exists(events) ? CgroupFiles.readKeyed(events).getOrDefault("oom_kill", 0L) : 0;
	}

	@Override
	public Throttling throttling() {
		Map<String, Long> stat = stat();
		return new Throttling(stat.getOrDefault("nr_periods", 0L), stat.getOrDefault("nr_throttled", 0L),
				Duration.ofNanos(Math.multiplyExact(stat.getOrDefault("throttled_usec", 0L), 1000L)));
	}

	@Override
	public List<Long> pids() {
		return CgroupFiles.readPids(this.folder.resolve("cgroup.procs"));
	}

	@Override
	public Duration destroy() {
		return CgroupFiles.killAllAndRemove(this::usage, procsFiles(), List.of(this.folder));
	}

	private Map<String, Long> stat() {
		return CgroupFiles.readKeyed(this.folder.resolve("cpu.stat"));
	}

	@Override
	public String toString() {
		return "cgroup v2 " + this.folder;
	}

}
