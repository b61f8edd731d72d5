package org.gridfaas.containers.scaling;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.gridfaas.containers.container.ContainerPool;
import org.gridfaas.containers.container.ManagedContainer;
import org.gridfaas.containers.function.FunctionLimits;
import org.gridfaas.containers.runtime.ContainerRuntime;
import org.springframework.context.SmartLifecycle;

/**
 * The built-in scaler: every window it measures each running container and moves its CPU
 * limit with its use, between the floor and the function's max; a restricted container is
 * held at the floor instead. Each container instance has its own policy state.
 */
public class ContainerScaler implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ContainerScaler.class);

	private final ContainerPool pool;

	private final ContainerRuntime runtime;

	private final ScalingProperties properties;

	private final CpuTimeSeries series;

	private final Clock clock;

	private final MeterRegistry meters;

	private final Map<String, Scaled> scaled = new ConcurrentHashMap<>();

	private ScheduledExecutorService timer;

	private final FunctionLimits functionLimits;

	public ContainerScaler(ContainerPool pool, ContainerRuntime runtime, ScalingProperties properties,
			FunctionLimits functionLimits, CpuTimeSeries series, Clock clock, MeterRegistry meters) {
		this.functionLimits = functionLimits;
		this.pool = pool;
		this.runtime = runtime;
		this.properties = properties;
		this.series = series;
		this.clock = clock;
		this.meters = meters;
	}

	@Override
	public synchronized void start() {
		this.timer = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "cpu-scaler");
			thread.setDaemon(true);
			return thread;
		});
		long window = this.properties.window().toMillis();
		this.timer.scheduleAtFixedRate(this::safeWindow, window, window, TimeUnit.MILLISECONDS);
		log.info("Scaling CPU every {} s ({} policy)", window / 1000.0, this.properties.mode());
	}

	@Override
	public synchronized void stop() {
		if (this.timer != null) {
			this.timer.shutdownNow();
			this.timer = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.timer != null;
	}

	private void safeWindow() {
		try {
			window();
		}
		catch (RuntimeException ex) {
			log.warn("Scaling window failed: {}", ex.getMessage());
		}
	}

	/** One window over every running container. */
	void window() {
		List<ManagedContainer> running = this.pool.all().stream().filter((container) -> !container.stopping()).toList();
		// Forget stopped instances first: a container restarted under the same name
		// registers its gauges under the same tags.
		Set<String> live = new HashSet<>();
		running.forEach((container) -> live.add(container.instance()));
		this.scaled.keySet().removeIf((instance) -> {
			if (live.contains(instance)) {
				return false;
			}
			this.scaled.get(instance).gauges.forEach(this.meters::remove);
			return true;
		});
		for (ManagedContainer container : running) {
			this.runtime.cgroup(container.name()).ifPresent((group) -> {
				Scaled state = this.scaled.computeIfAbsent(container.instance(), (instance) -> track(container));
				Limits limits = new Limits(container.settings().cpuMax(), container.settings().cpuMin(),
						container.settings().cpuBoundary(), this.functionLimits.restrictedCpu(container.settings()));
				state.scaling.step(group, limits, container.restricted(), this.clock.instant())
					.ifPresent((step) -> record(container, step));
			});
		}
	}

	private Scaled track(ManagedContainer container) {
		Scaled state = new Scaled(CgroupScaling.of(this.properties));
		Tags tags = Tags.of("container", container.name().value(), "function", container.function().value(), "owner",
				container.owner().value());
		state.gauges.add(Gauge
			.builder("gridfaas.container.cpu.max", state,
					(s) -> (s.scaling.latest() != null) ? s.scaling.latest().max().value() : Double.NaN)
			.description("The most CPU the container may get, in shares")
			.baseUnit("shares")
			.tags(tags)
			.register(this.meters));
		state.gauges.add(Gauge
			.builder("gridfaas.container.cpu.used", state,
					(s) -> (s.scaling.latest() != null) ? s.scaling.latest().used() : Double.NaN)
			.description("The CPU the container used over the last scaling window, in shares")
			.baseUnit("shares")
			.tags(tags)
			.register(this.meters));
		return state;
	}

	private void record(ManagedContainer container, CgroupScaling.Step step) {
		if (this.series != null) {
			this.series.append(new CpuTimeSeries.Point(step.at(), container.name().value(),
					container.function().value(), container.owner().value(), step.max().value(),
					step.allocated().value(), step.used(), step.restricted()));
		}
	}

	private static final class Scaled {

		final CgroupScaling scaling;

		final List<Meter> gauges = new CopyOnWriteArrayList<>();

		Scaled(CgroupScaling scaling) {
			this.scaling = scaling;
		}

	}

}
