package org.gridfaas.containers.node;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.gridfaas.common.schedule.PeriodicTask;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Beats this worker's heartbeat to the registry every {@code gridfaas.node.heartbeat},
 * the first one at start. While the registry cannot be reached it says so once; the
 * worker runs on, and its usage waits in its log.
 */
@Component
class Heartbeats implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(Heartbeats.class);

	private final WorkerRegistry registry;

	private final Worker worker;

	private final NodeProperties properties;

	private final PeriodicTask beats;

	private final AtomicBoolean failing = new AtomicBoolean();

	Heartbeats(WorkerRegistry registry, Worker worker, NodeProperties properties, TaskScheduler scheduler) {
		this.registry = registry;
		this.worker = worker;
		this.properties = properties;
		this.beats = new PeriodicTask("Heartbeat", scheduler, this::beat);
	}

	void beat() {
		try {
			this.registry.heartbeat(this.worker);
			if (this.failing.getAndSet(false)) {
				log.info("Heartbeats reach the registry again");
			}
		}
		catch (RuntimeException ex) {
			if (!this.failing.getAndSet(true)) {
				log.warn("Cannot send worker {}'s heartbeat: {}; retrying every {}", this.worker.name(),
						ex.getMessage(), this.properties.heartbeat());
			}
		}
	}

	@Override
	public void start() {
		log.info("Worker {} at {} with {} shares of CPU", this.worker.name(), this.worker.url(),
				this.worker.capacity().value());
		this.beats.start(this.properties.heartbeat());
		this.beats.runSoon();
	}

	@Override
	public void stop() {
		this.beats.stop(Duration.ofSeconds(5));
	}

	@Override
	public boolean isRunning() {
		return this.beats.isRunning();
	}

}
