package org.gridfaas.credit.containermanager;

import java.util.List;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.gridfaas.common.api.WorkerView;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The registered workers in health ({@code workers}) and metrics
 * ({@code gridfaas_workers{state}}). A silent worker does not make CreditManager
 * unhealthy, since it bills everyone else as before, but health names it.
 */
@Component("workers")
class WorkersHealthIndicator implements HealthIndicator {

	private final ContainerManagers containerManagers;

	WorkersHealthIndicator(ContainerManagers containerManagers, MeterRegistry meters) {
		this.containerManagers = containerManagers;
		for (boolean silent : new boolean[] { false, true }) {
			Gauge.builder("gridfaas.workers", containerManagers, (all) -> count(all.workers(), silent))
				.description("Registered workers, live or silent (no heartbeat for longer than the silence limit)")
				.tag("state", silent ? "silent" : "live")
				.register(meters);
		}
	}

	@Override
	public Health health() {
		List<WorkerView> workers = this.containerManagers.workers();
		return Health.up()
			.withDetail("registered", workers.size())
			.withDetail("silent", workers.stream().filter(WorkerView::silent).map(WorkerView::name).toList())
			.withDetail("silentAfter", this.containerManagers.silence().toString())
			.build();
	}

	private static double count(List<WorkerView> workers, boolean silent) {
		return workers.stream().filter((worker) -> worker.silent() == silent).count();
	}

}
