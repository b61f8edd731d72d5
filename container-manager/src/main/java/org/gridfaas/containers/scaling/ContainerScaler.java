package org.gridfaas.containers.scaling;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.gridfaas.common.schedule.PeriodicTask;
import org.gridfaas.containers.container.ContainerPool;
import org.gridfaas.containers.container.ManagedContainer;
import org.gridfaas.containers.function.FunctionLimits;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;

/**
 * The built-in scaler: every window it measures each running container and moves its CPU
 * limit with its use, between the floor and the function's max; a restricted container is
 * held at the floor instead. Each container instance has its own policy state, and its
 * latest step is published as the gauges {@code gridfaas.container.cpu.max} and
 * {@code gridfaas.container.cpu.used}, one row per running container.
 */
public class ContainerScaler implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ContainerScaler.class);

	private final ContainerPool pool;

	private final ScalingProperties properties;

	private final FunctionLimits functionLimits;

	private final CpuTimeSeries series;

	private final Clock clock;

	private final Map<String, CgroupScaling> scaled = new ConcurrentHashMap<>();

	private final PeriodicTask windows;

	private final MultiGauge cpuMax;

	private final MultiGauge cpuUsed;

	public ContainerScaler(ContainerPool pool, ScalingProperties properties, FunctionLimits functionLimits,
			CpuTimeSeries series, Clock clock, MeterRegistry meters, TaskScheduler scheduler) {
		this.functionLimits = functionLimits;
		this.pool = pool;
		this.properties = properties;
		this.series = series;
		this.clock = clock;
		this.windows = new PeriodicTask("Scaling window", scheduler, this::window);
		this.cpuMax = MultiGauge.builder("gridfaas.container.cpu.max")
			.description("The most CPU the container may get, in shares")
			.baseUnit("shares")
			.register(meters);
		this.cpuUsed = MultiGauge.builder("gridfaas.container.cpu.used")
			.description("The CPU the container used over the last scaling window, in shares")
			.baseUnit("shares")
			.register(meters);
	}

	@Override
	public void start() {
		this.windows.start(this.properties.window());
		log.info("Scaling CPU every {} ({} policy)", this.properties.window(), this.properties.mode());
	}

	@Override
	public void stop() {
		this.windows.stop(this.properties.window().multipliedBy(5));
	}

	@Override
	public boolean isRunning() {
		return this.windows.isRunning();
	}

	/** One window over every running container. */
	void window() {
		List<ManagedContainer> running = this.pool.all().stream().filter((container) -> !container.stopping()).toList();
		Set<String> live = new HashSet<>();
		running.forEach((container) -> live.add(container.instance()));
		this.scaled.keySet().retainAll(live);
		List<MultiGauge.Row<?>> max = new ArrayList<>();
		List<MultiGauge.Row<?>> used = new ArrayList<>();
		for (ManagedContainer container : running) {
			container.runtime().cgroup().ifPresent((group) -> {
				CgroupScaling scaling = this.scaled.computeIfAbsent(container.instance(),
						(instance) -> CgroupScaling.of(this.properties));
				Limits limits = new Limits(container.settings().cpuMax(), container.settings().cpuMin(),
						container.settings().cpuBoundary(), this.functionLimits.restrictedCpu(container.settings()));
				scaling.step(group, limits, container.restricted(), this.clock.instant())
					.ifPresent((step) -> record(container, step));
				CgroupScaling.Step latest = scaling.latest();
				if (latest != null) {
					Tags tags = Tags.of("container", container.name().value(), "function", container.function().value(),
							"owner", container.owner().value());
					max.add(MultiGauge.Row.of(tags, latest.max().value()));
					used.add(MultiGauge.Row.of(tags, latest.used()));
				}
			});
		}
		// Overwriting drops the rows of containers gone since the last window.
		this.cpuMax.register(max, true);
		this.cpuUsed.register(used, true);
	}

	private void record(ManagedContainer container, CgroupScaling.Step step) {
		if (this.series != null) {
			this.series.append(new CpuTimeSeries.Point(step.at(), container.name().value(),
					container.function().value(), container.owner().value(), step.max().value(),
					step.allocated().value(), step.used(), step.restricted()));
		}
	}

}
