package org.gridfaas.containers.scaling.serverlesscontainers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.gridfaas.containers.container.ContainerEvent;
import org.gridfaas.containers.container.ManagedContainer;
import org.gridfaas.containers.scaling.Limits;
import org.springframework.context.event.EventListener;

/**
 * Leaves scaling to a ServerlessContainers deployment: each container is subscribed to
 * its Orchestrator when it starts (layout, then its function as the app), unguarded while
 * restricted (gridfaas pins it at the floor itself) and guarded again when the
 * restriction lifts, and unsubscribed when it stops. A failed call is logged; the
 * container keeps running with the limit it has.
 */
class ServerlessContainersScaling {

	private static final Logger log = LoggerFactory.getLogger(ServerlessContainersScaling.class);

	private final OrchestratorClient orchestrator;

	private final String host;

	ServerlessContainersScaling(OrchestratorClient orchestrator, String host) {
		this.orchestrator = orchestrator;
		this.host = host;
	}

	@EventListener
	void on(ContainerEvent event) {
		ManagedContainer container = event.container();
		String name = container.name().value();
		try {
			if (event instanceof ContainerEvent.Started) {
				Limits limits = new Limits(container.settings().cpuMax(), container.settings().cpuMin(),
						container.settings().cpuBoundary());
				this.orchestrator.subscribe(name, this.host, limits, limits.max().value());
				this.orchestrator.joinApp(name, container.function().value());
			}
			else if (event instanceof ContainerEvent.Stopped) {
				this.orchestrator.unsubscribe(name);
			}
			else if (event instanceof ContainerEvent.RestrictionChanged changed) {
				if (changed.restricted()) {
					this.orchestrator.unguard(name);
				}
				else {
					this.orchestrator.guard(name);
				}
			}
		}
		catch (OrchestratorException ex) {
			log.warn("ServerlessContainers: {}", ex.getMessage());
		}
	}

}
