package org.gridfaas.containers.function;

import java.time.Duration;

import org.gridfaas.common.InvalidValueException;
import org.gridfaas.common.cpu.CpuShares;

/**
 * How a function's container and tasks are run.
 *
 * @param idleTimeout how long the container may sit idle before it is stopped
 * @param cpuMax the most CPU the container may get
 * @param cpuMin the least CPU the scaler keeps (the floor is
 * {@code cpuMin + 2 x boundary})
 * @param cpuBoundary the scaler's step (ServerlessContainers' boundary)
 * @param maxConcurrentTasks how many tasks run at once in the container
 * @param maxAttempts how many failed attempts a task gets before it is dead-lettered
 * @param taskTimeout how long one attempt may run before it is killed and counts as
 * failed
 */
public record FunctionSettings(Duration idleTimeout, CpuShares cpuMax, CpuShares cpuMin, CpuShares cpuBoundary,
		int maxConcurrentTasks, int maxAttempts, Duration taskTimeout) {

	public FunctionSettings {
		requirePositive("idleTimeout", idleTimeout);
		requirePositive("taskTimeout", taskTimeout);
		if (cpuBoundary.value() <= 0) {
			throw new InvalidValueException("cpuBoundary must be greater than 0");
		}
		if (cpuMin.value() + 2 * cpuBoundary.value() > cpuMax.value()) {
			throw new InvalidValueException("cpuMax must be at least cpuMin + 2 x cpuBoundary (the restriction floor)");
		}
		if (maxConcurrentTasks < 1 || maxConcurrentTasks > 64) {
			throw new InvalidValueException("maxConcurrentTasks must be between 1 and 64");
		}
		if (maxAttempts < 1 || maxAttempts > 100) {
			throw new InvalidValueException("maxAttempts must be between 1 and 100");
		}
	}

	/** The lowest limit the scaler and a restriction use: {@code min + 2 x boundary}. */
	public CpuShares cpuFloor() {
		return this.cpuMin.plus(2 * this.cpuBoundary.value());
	}

	/** These settings with another idle timeout (from {@code utils/timeout.txt}). */
	public FunctionSettings withIdleTimeout(Duration timeout) {
		return new FunctionSettings(timeout, this.cpuMax, this.cpuMin, this.cpuBoundary, this.maxConcurrentTasks,
				this.maxAttempts, this.taskTimeout);
	}

	private static void requirePositive(String name, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidValueException(name + " must be greater than 0");
		}
	}

}
