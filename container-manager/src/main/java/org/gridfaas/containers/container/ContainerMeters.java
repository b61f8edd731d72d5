package org.gridfaas.containers.container;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import org.gridfaas.common.cpu.CpuShares;

/**
 * The pool's metrics: starts and stops, and for each running container its CPU limit (one
 * row of the gauge {@code gridfaas.container.cpu.limit}) and its cumulative CPU (the
 * counter {@code gridfaas.container.cpu.usage}), both read from its cgroup when scraped.
 */
final class ContainerMeters {

	private final MeterRegistry meters;

	private final Counter starts;

	private final Counter stops;

	private final MultiGauge limits;

	/**
	 * A counter is not a gauge, so each instance's is kept here to be removed with it.
	 */
	private final Map<String, Meter> usage = new ConcurrentHashMap<>();

	ContainerMeters(MeterRegistry meters) {
		this.meters = meters;
		this.starts = Counter.builder("gridfaas.containers.starts")
			.description("Containers started (every start is a cold start: the pool scales to zero)")
			.register(meters);
		this.stops = Counter.builder("gridfaas.containers.stops").description("Containers stopped").register(meters);
		this.limits = MultiGauge.builder("gridfaas.container.cpu.limit")
			.description("The CPU limit in force, in shares (100 = 1 core)")
			.baseUnit("shares")
			.register(meters);
	}

	/**
	 * A container started now, or adopted from an earlier run ({@code started} false).
	 */
	void added(ManagedContainer container, boolean started, Collection<ManagedContainer> running) {
		if (started) {
			this.starts.increment();
		}
		this.usage.put(container.instance(),
				FunctionCounter
					.builder("gridfaas.container.cpu.usage", container, (c) -> c.runtime().cpuUsage().toNanos() / 1e9)
					.description("CPU time used since the container started (cumulative, from its cgroup)")
					.baseUnit("seconds")
					.tags(tagsOf(container))
					.register(this.meters));
		refreshLimits(running);
	}

	void stopped(ManagedContainer container, Collection<ManagedContainer> running) {
		this.stops.increment();
		Meter counter = this.usage.remove(container.instance());
		if (counter != null) {
			this.meters.remove(counter);
		}
		refreshLimits(running);
	}

	private void refreshLimits(Collection<ManagedContainer> running) {
		this.limits.register(running.stream()
			.map((container) -> MultiGauge.Row.of(tagsOf(container), container, this::limitOf))
			.toList(), true);
	}

	private double limitOf(ManagedContainer container) {
		return container.runtime().cpuLimit().map(CpuShares::value).orElse(container.settings().cpuMax().value());
	}

	private static Tags tagsOf(ManagedContainer container) {
		return Tags.of("container", container.name().value(), "function", container.function().value(), "owner",
				container.owner().value());
	}

}
