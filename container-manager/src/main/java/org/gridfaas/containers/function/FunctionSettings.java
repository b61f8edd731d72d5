package org.gridfaas.containers.function;

import java.time.Duration;

import org.gridfaas.common.InvalidValueException;
import org.gridfaas.common.cpu.CpuShares;
import org.gridfaas.containers.cgroup.ResourceLimits;
import org.springframework.util.unit.DataSize;

/**
 * How a function's container and tasks are run. Every value has a fixed range, so that no
 * sum of times or shares the platform makes from them can overflow; a provider's
 * {@link FunctionLimits} narrow the ranges further.
 *
 * @param idleTimeout how long the container may sit idle before it is stopped (1 s to 7
 * days)
 * @param cpuMax the most CPU the container may get (1 to 100,000 shares)
 * @param cpuMin the least CPU the scaler keeps (the floor is
 * {@code cpuMin + 2 x boundary})
 * @param cpuBoundary the scaler's step (ServerlessContainers' boundary)
 * @param maxConcurrentTasks how many tasks run at once in the container (1 to 64)
 * @param maxAttempts how many failed attempts a task gets before it is dead-lettered (1
 * to 100)
 * @param taskTimeout how long one attempt may run before it is killed and counts as
 * failed (1 s to 7 days)
 * @param memoryMax the container's memory (16 MB to 1 TB); a task that exceeds it is
 * killed and fails with that reason
 * @param pidsMax the most processes and threads the container may have at once (8 to
 * 65,536)
 * @param diskMax the most its tasks' folders may hold together, inputs and results
 * included (16 MB to 1 TB)
 * @param maxReplicas on how many workers the function may run at once, one container on
 * each (1 to 64)
 */
public record FunctionSettings(Duration idleTimeout, CpuShares cpuMax, CpuShares cpuMin, CpuShares cpuBoundary,
		int maxConcurrentTasks, int maxAttempts, Duration taskTimeout, DataSize memoryMax, int pidsMax,
		DataSize diskMax, int maxReplicas) {

	/** The longest idle or task timeout. */
	public static final Duration LONGEST = Duration.ofDays(7);

	public FunctionSettings {
		requireBetween("idleTimeout", idleTimeout, Duration.ofSeconds(1), LONGEST);
		requireBetween("taskTimeout", taskTimeout, Duration.ofSeconds(1), LONGEST);
		requireBetween("cpuMax", cpuMax.value(), 1, 100_000);
		requireBetween("cpuBoundary", cpuBoundary.value(), 1, 100_000);
		requireBetween("cpuMin", cpuMin.value(), 0, 100_000);
		if (cpuMin.value() + 2 * cpuBoundary.value() > cpuMax.value()) {
			throw new InvalidValueException("cpuMax must be at least cpuMin + 2 x cpuBoundary (the scaler's floor)");
		}
		requireBetween("maxConcurrentTasks", maxConcurrentTasks, 1, 64);
		requireBetween("maxAttempts", maxAttempts, 1, 100);
		requireBetween("memoryMax (MB)", memoryMax.toMegabytes(), 16, 1024 * 1024);
		requireBetween("pidsMax", pidsMax, 8, 65_536);
		requireBetween("diskMax (MB)", diskMax.toMegabytes(), 16, 1024 * 1024);
		requireBetween("maxReplicas", maxReplicas, 1, 64);
	}

	/** The lowest limit the scaler keeps: {@code min + 2 x boundary}. */
	public CpuShares cpuFloor() {
		return this.cpuMin.plus(2 * this.cpuBoundary.value());
	}

	/** The container's memory and process limits. */
	public ResourceLimits resourceLimits() {
		return new ResourceLimits(this.memoryMax, this.pidsMax, this.diskMax);
	}

	/** These settings with another idle timeout (from {@code utils/timeout.txt}). */
	public FunctionSettings withIdleTimeout(Duration timeout) {
		return new FunctionSettings(timeout, this.cpuMax, this.cpuMin, this.cpuBoundary, this.maxConcurrentTasks,
				this.maxAttempts, this.taskTimeout, this.memoryMax, this.pidsMax, this.diskMax, this.maxReplicas);
	}

	private static void requireBetween(String name, Duration value, Duration least, Duration most) {
		if (value == null || value.compareTo(least) < 0 || value.compareTo(most) > 0) {
			throw new InvalidValueException(
					name + " must be between " + least.toSeconds() + " and " + most.toSeconds() + " seconds");
		}
	}

	private static void requireBetween(String name, long value, long least, long most) {
		if (value < least || value > most) {
			throw new InvalidValueException(name + " must be between " + least + " and " + most);
		}
	}

}
