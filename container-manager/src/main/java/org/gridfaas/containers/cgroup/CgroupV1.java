package org.gridfaas.containers.cgroup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.gridfaas.common.cpu.CpuShares;

/**
 * A group in the cgroup v1 {@code cpu} and {@code cpuacct} hierarchies (which may be one
 * co-mounted folder): the limit is {@code cpu.cfs_quota_us} per
 * {@code cpu.cfs_period_us}, usage is {@code cpuacct.usage} in nanoseconds.
 */
final class CgroupV1 implements CpuCgroup {

	private final Path cpu;

	private final Path cpuacct;

	private final Duration period;

	/** The group in the memory hierarchy, where it is mounted. */
	private final Optional<Path> memory;

	/** The group in the pids hierarchy, where it is mounted. */
	private final Optional<Path> pids;

	CgroupV1(Path cpu, Path cpuacct, Duration period, Optional<Path> memory, Optional<Path> pids) {
		this.cpu = cpu;
		this.cpuacct = cpuacct;
		this.period = period;
		this.memory = memory.filter(Files::isDirectory);
		this.pids = pids.filter(Files::isDirectory);
	}

	/** Every hierarchy the group is in, each folder once. */
	private List<Path> folders() {
		return Stream.of(Stream.of(this.cpu, this.cpuacct), this.memory.stream(), this.pids.stream())
			.flatMap((folders) -> folders)
			.distinct()
			.toList();
	}

	@Override
	public List<Path> procsFiles() {
		return folders().stream().map((folder) -> folder.resolve("cgroup.procs")).toList();
	}

	@Override
	public void setResourceLimits(ResourceLimits limits) {
		this.memory.ifPresent((folder) -> {
			CgroupFiles.write(folder.resolve("memory.limit_in_bytes"), Long.toString(limits.memory().toBytes()));
			// Swap would let a group use more than its limit; 0 keeps it out of swap.
			CgroupFiles.write(folder.resolve("memory.swappiness"), "0");
		});
		this.pids.ifPresent((folder) -> CgroupFiles.write(folder.resolve("pids.max"), Integer.toString(limits.pids())));
	}

	@Override
	public long oomKills() {
		// memory.oom_control says "oom_kill N" since Linux 4.13.
		return this.memory.map((folder) -> CgroupFiles.readKeyed(folder.resolve("memory.oom_control")))
			.map((control) -> control.getOrDefault("oom_kill", 0L))
			.orElse(0L);
	}

	@Override
	public Duration usage() {
		return Duration.ofNanos(CgroupFiles.readLong(this.cpuacct.resolve("cpuacct.usage")));
	}

	@Override
	public Optional<CpuShares> limit() {
		long quota = CgroupFiles.readLong(this.cpu.resolve("cpu.cfs_quota_us"));
		if (quota < 0) {
			return Optional.empty();
		}
		long periodMicros = CgroupFiles.readLong(this.cpu.resolve("cpu.cfs_period_us"));
		return Optional.of(CpuShares.of((int) (quota * CpuShares.PER_CORE / periodMicros)));
	}

	@Override
	public void setLimit(CpuShares shares) {
		CgroupFiles.write(this.cpu.resolve("cpu.cfs_period_us"), Long.toString(this.period.toNanos() / 1000));
		// A quota under 1 ms is rejected by the kernel (EINVAL).
		long quota = Math.max(1000, shares.cfsQuotaMicros(this.period));
		CgroupFiles.write(this.cpu.resolve("cpu.cfs_quota_us"), Long.toString(quota));
	}

	@Override
	public void removeLimit() {
		CgroupFiles.write(this.cpu.resolve("cpu.cfs_quota_us"), "-1");
	}

	@Override
	public Throttling throttling() {
		Map<String, Long> stat = CgroupFiles.readKeyed(this.cpu.resolve("cpu.stat"));
		return new Throttling(stat.getOrDefault("nr_periods", 0L), stat.getOrDefault("nr_throttled", 0L),
				Duration.ofNanos(stat.getOrDefault("throttled_time", 0L)));
	}

	@Override
	public List<Long> pids() {
		return CgroupFiles.readPids(this.cpuacct.resolve("cgroup.procs"));
	}

	@Override
	public Duration destroy() {
		return CgroupFiles.killAllAndRemove(this::usage, procsFiles(), folders());
	}

	@Override
	public String toString() {
		return "cgroup v1 " + this.cpu;
	}

}
