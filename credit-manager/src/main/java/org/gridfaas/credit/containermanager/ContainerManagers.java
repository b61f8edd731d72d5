package org.gridfaas.credit.containermanager;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.gridfaas.common.api.WorkerView;
import org.gridfaas.credit.enforcement.ContainerControl;
import org.gridfaas.credit.metering.UsageSource;

/**
 * The ContainerManagers this CreditManager bills and enforces: those in the seed list
 * ({@code gridfaas.metering.container-managers}) and every worker that registered by
 * heartbeat, one client each, known by URL. A registered worker that has been silent for
 * longer than the silence limit is left out of the cycle (its calls would only time out)
 * until it beats again; its usage waits in its log meanwhile, and its cursor is kept.
 */
public final class ContainerManagers {

	private final List<URI> seeds;

	private final WorkerStore workers;

	private final Function<URI, ContainerManagerClient> clients;

	private final Map<URI, ContainerManagerClient> byUrl = new ConcurrentHashMap<>();

	private final Duration silence;

	private final Clock clock;

	ContainerManagers(List<URI> seeds, WorkerStore workers, Function<URI, ContainerManagerClient> clients,
			Duration silence, Clock clock) {
		this.seeds = List.copyOf(seeds);
		this.workers = workers;
		this.clients = clients;
		this.silence = silence;
		this.clock = clock;
	}

	public List<UsageSource> usageSources() {
		return List.copyOf(live());
	}

	public List<ContainerControl> controls() {
		return List.copyOf(live());
	}

	/** Every registered worker, with whether it is silent. */
	public List<WorkerView> workers() {
		Instant silentBefore = this.clock.instant().minus(this.silence);
		return this.workers.all()
			.stream()
			.map((worker) -> new WorkerView(worker.name(), worker.url(), worker.cpuCapacity(), worker.lastSeen(),
					worker.lastSeen().isBefore(silentBefore)))
			.toList();
	}

	/** How long a registered worker may miss heartbeats before it counts as silent. */
	public Duration silence() {
		return this.silence;
	}

	void heartbeat(String name, URI url, int cpuCapacity) {
		this.workers.heartbeat(name, url, cpuCapacity, this.clock.instant());
	}

	private List<ContainerManagerClient> live() {
		Map<URI, Boolean> urls = new LinkedHashMap<>();
		this.seeds.forEach((url) -> urls.put(url, true));
		for (WorkerView worker : workers()) {
			if (!worker.silent()) {
				urls.put(worker.url(), true);
			}
		}
		List<ContainerManagerClient> live = new ArrayList<>();
		urls.keySet().forEach((url) -> live.add(this.byUrl.computeIfAbsent(url, this.clients)));
		return live;
	}

}
