package org.gridfaas.common.schedule;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;

class PeriodicTaskTests {

	private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

	PeriodicTaskTests() {
		this.scheduler.setPoolSize(4);
		this.scheduler.initialize();
	}

	@AfterEach
	void shutDown() {
		this.scheduler.shutdown();
	}

	@Test
	void roundsAskedForWhileOneRunsNeverOverlapItAndAreServedByOneMore() throws Exception {
		AtomicInteger inRound = new AtomicInteger();
		AtomicInteger overlaps = new AtomicInteger();
		AtomicInteger rounds = new AtomicInteger();
		CountDownLatch firstStarted = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		PeriodicTask task = new PeriodicTask("test loop", this.scheduler, () -> {
			if (inRound.incrementAndGet() > 1) {
				overlaps.incrementAndGet();
			}
			rounds.incrementAndGet();
			firstStarted.countDown();
			await(release);
			inRound.decrementAndGet();
		});
		task.start(Duration.ofHours(1));
		task.runSoon();
		assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
		for (int i = 0; i < 20; i++) {
			task.runSoon();
		}
		release.countDown();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (rounds.get() < 2 && System.nanoTime() < deadline) {
			sleep(10);
		}
		sleep(200);
		task.stop(Duration.ofSeconds(10));
		assertThat(overlaps).hasValue(0);
		assertThat(rounds.get()).as("the first round and one for the requests made during it").isEqualTo(2);
	}

	@Test
	void roundsRunEveryPeriodAndAFailingRoundDoesNotStopTheNext() throws Exception {
		CountDownLatch threeRounds = new CountDownLatch(3);
		PeriodicTask task = new PeriodicTask("failing loop", this.scheduler, () -> {
			threeRounds.countDown();
			throw new IllegalStateException("boom");
		});
		task.start(Duration.ofMillis(20));
		assertThat(threeRounds.await(10, TimeUnit.SECONDS)).isTrue();
		task.stop(Duration.ofSeconds(1));
		assertThat(task.isRunning()).isFalse();
	}

	@Test
	void stopWaitsForTheRoundUnderWayAndNoRoundStartsAfter() throws Exception {
		AtomicInteger finished = new AtomicInteger();
		AtomicInteger started = new AtomicInteger();
		CountDownLatch running = new CountDownLatch(1);
		PeriodicTask task = new PeriodicTask("slow loop", this.scheduler, () -> {
			started.incrementAndGet();
			running.countDown();
			sleep(300);
			finished.incrementAndGet();
		});
		task.start(Duration.ofMillis(10));
		assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
		task.stop(Duration.ofSeconds(10));
		assertThat(finished.get()).isEqualTo(started.get());
		int afterStop = started.get();
		task.runSoon();
		sleep(200);
		assertThat(started).hasValue(afterStop);
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
