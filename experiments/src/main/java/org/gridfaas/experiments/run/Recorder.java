package org.gridfaas.experiments.run;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import org.gridfaas.experiments.platform.PlatformApi;
import org.gridfaas.experiments.platform.PlatformApi.RunningContainer;
import org.gridfaas.experiments.platform.PlatformApi.Standing;

/**
 * Samples one scenario's container, tasks and account through the REST API. CPU used is
 * the change of the container's cumulative counter over about the last second, so it is
 * exact over that window whatever the sampling jitter.
 */
final class Recorder {

	private static final double USED_WINDOW_SECONDS = 1.0;

	private final PlatformApi api;

	private final String function;

	private final String user;

	private final int cpuMax;

	/** Recent (t, instance, counter) readings, oldest first, for the used-CPU window. */
	private final Deque<Sample> recent = new ArrayDeque<>();

	Recorder(PlatformApi api, String function, String user, int cpuMax) {
		this.api = api;
		this.function = function;
		this.user = user;
		this.cpuMax = cpuMax;
	}

	Sample sample(double t) {
		Optional<RunningContainer> container = this.api.runningContainers()
			.stream()
			.filter((running) -> running.name().equals(this.function))
			.findFirst();
		int pending = this.api.tasks(this.function, "pending").size();
		int running = this.api.tasks(this.function, "running").size();
		Standing standing = this.api.standing(this.user);
		Sample sample = container
			.map((c) -> new Sample(t, this.cpuMax, c.limit(), used(t, c), c.restricted(), c.instance(), c.cpuSeconds(),
					c.runningTasks(), standing.balance(), standing.maxDebt(), standing.status(), pending, running))
			.orElseGet(() -> new Sample(t, null, null, null, false, null, null, List.of(), standing.balance(),
					standing.maxDebt(), standing.status(), pending, running));
		this.recent.addLast(sample);
		while (this.recent.size() > 2 && this.recent.peekFirst().t() < t - 3 * USED_WINDOW_SECONDS) {
			this.recent.removeFirst();
		}
		return sample;
	}

	/**
	 * Shares used between the oldest reading of this instance within the window and now;
	 * {@code null} for an instance's first reading.
	 */
	private Double used(double t, RunningContainer container) {
		Sample from = null;
		for (Sample earlier : this.recent) {
			if (container.instance().equals(earlier.instance()) && earlier.t() >= t - USED_WINDOW_SECONDS - 0.05) {
				from = earlier;
				break;
			}
		}
		if (from == null || t - from.t() < 0.1) {
			return null;
		}
		BigDecimal cpu = container.cpuSeconds().subtract(from.cpuSeconds());
		return cpu.doubleValue() / (t - from.t()) * 100;
	}

}
