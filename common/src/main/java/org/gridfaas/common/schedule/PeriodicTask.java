package org.gridfaas.common.schedule;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.TaskScheduler;

/**
 * A loop of the platform (dispatching, scaling, billing) on the service's Spring
 * {@link TaskScheduler}: run every period, or sooner when asked, never two rounds at
 * once. A round that fails is logged and the next one runs as usual; stopping waits for a
 * round under way.
 */
public final class PeriodicTask {

	private static final Logger log = LoggerFactory.getLogger(PeriodicTask.class);

	private final String name;

	private final TaskScheduler scheduler;

	private final Runnable round;

	private final ReentrantLock inRound = new ReentrantLock();

	private final AtomicBoolean due = new AtomicBoolean();

	private volatile ScheduledFuture<?> schedule;

	/**
	 * @param name what the loop does, for the log
	 * @param scheduler the service's scheduler
	 * @param round one round
	 */
	public PeriodicTask(String name, TaskScheduler scheduler, Runnable round) {
		this.name = name;
		this.scheduler = scheduler;
		this.round = round;
	}

	/** Runs a round every {@code period}, the first one after a period. */
	public synchronized void start(Duration period) {
		if (this.schedule == null) {
			this.schedule = this.scheduler.scheduleWithFixedDelay(this::runDue,
					this.scheduler.getClock().instant().plus(period), period);
		}
	}

	/**
	 * Asks for a round now. Requests while a round runs are served by one more round
	 * right after it, so none is lost and none runs twice at once.
	 */
	public void runSoon() {
		// Already due: a round is queued, or the one running sees it when done. Only the
		// first request schedules, so a burst of wake-ups does not flood the scheduler.
		if (this.schedule != null && this.due.compareAndSet(false, true)) {
			this.scheduler.schedule(this::runWhileDue, this.scheduler.getClock().instant());
		}
	}

	/** Stops the schedule and waits up to {@code grace} for a round under way. */
	public void stop(Duration grace) {
		ScheduledFuture<?> stopping;
		synchronized (this) {
			stopping = this.schedule;
			this.schedule = null;
		}
		if (stopping == null) {
			return;
		}
		stopping.cancel(false);
		try {
			if (this.inRound.tryLock(grace.toMillis(), TimeUnit.MILLISECONDS)) {
				this.inRound.unlock();
			}
			else {
				log.warn("{}: a round still runs after {}; stopping without it", this.name, grace);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	public boolean isRunning() {
		return this.schedule != null;
	}

	private void runDue() {
		this.due.set(true);
		runWhileDue();
	}

	private void runWhileDue() {
		// Whoever finds the lock free runs; a round asked for meanwhile leaves due set,
		// and the runner sees it once it is done.
		while (this.due.get() && this.schedule != null && this.inRound.tryLock()) {
			try {
				this.due.set(false);
				this.round.run();
			}
			catch (RuntimeException ex) {
				log.warn("{} failed; the next round runs as usual: {}", this.name, ex.toString());
			}
			finally {
				this.inRound.unlock();
			}
		}
	}

}
