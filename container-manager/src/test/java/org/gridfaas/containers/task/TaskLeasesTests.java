package org.gridfaas.containers.task;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.MinioClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.containers.store.ObjectStore;
import org.gridfaas.containers.store.minio.TestStores;
import org.gridfaas.testing.S3ProxyServer;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Task leases of two workers on a real S3 server, with the clock moved by the test: a
 * live lease holds, an expired one passes to the other worker and fences the first, and
 * what a bucket's owner plants at a lease's key never blocks the task.
 */
class TaskLeasesTests {

	static final Duration LEASE = Duration.ofSeconds(30);

	static final FunctionName FUNCTION = FunctionName.of("leased");

	static S3ProxyServer s3;

	static MinioClient client;

	static ObjectStore store;

	static ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

	final MovableClock clock = new MovableClock();

	@BeforeAll
	static void start() {
		s3 = S3ProxyServer.start();
		client = s3.client();
		store = TestStores.on(client);
		store.createBucket(FUNCTION.value());
		scheduler.initialize();
	}

	@AfterAll
	static void stop() throws Exception {
		scheduler.shutdown();
		client.close();
		s3.close();
	}

	@Test
	void aLiveLeaseHoldsAndAnExpiredOnePassesToAnotherWorkerAndFencesTheFirst() {
		TaskLeases a = leases("worker-a");
		TaskLeases b = leases("worker-b");
		TaskId task = TaskId.of("fence.txt");
		TaskLease held = a.acquire(FUNCTION, task, 1, "run").orElseThrow();
		assertThat(b.acquire(FUNCTION, task, 1, "run")).as("a live lease").isEmpty();
		this.clock.advance(LEASE.plusSeconds(1));
		assertThat(b.stale(FUNCTION, true)).containsExactly(task);
		TaskLease taken = b.acquire(FUNCTION, task, 2, "run").orElseThrow();
		assertThatThrownBy(() -> a.confirm(held)).isInstanceOf(LeaseLostException.class);
		assertThat(held.lost()).isTrue();
		b.confirm(taken);
		b.release(taken);
		assertThat(store.stat(FUNCTION.value(), TaskLeases.key(task))).isEmpty();
	}

	@Test
	void aLeasePlantedWithAFarExpiryOrAsGarbageDoesNotBlockTheTask() {
		TaskLeases worker = leases("worker-c");
		TaskId far = TaskId.of("far.txt");
		store.put(FUNCTION.value(), TaskLeases.key(far),
				("{\"worker\":\"x\",\"attempt\":9,\"purpose\":\"run\",\"renewedAt\":\"2026-01-01T00:00:00Z\","
						+ "\"expiresAt\":\"2999-01-01T00:00:00Z\"}")
					.getBytes(StandardCharsets.UTF_8));
		assertThat(worker.acquire(FUNCTION, far, 1, "run")).isPresent();
		TaskId garbage = TaskId.of("garbage.txt");
		byte[] big = new byte[200 * 1024];
		Arrays.fill(big, (byte) '{');
		store.put(FUNCTION.value(), TaskLeases.key(garbage), big);
		assertThat(worker.acquire(FUNCTION, garbage, 1, "run")).isPresent();
	}

	@Test
	void aWorkerRestartedUnderItsNameTakesItsOldLeasesBackAtOnce() {
		TaskId task = TaskId.of("restart.txt");
		leases("worker-d").acquire(FUNCTION, task, 1, "run").orElseThrow();
		TaskLeases restarted = leases("worker-d");
		assertThat(restarted.stale(FUNCTION, true)).contains(task);
		assertThat(leases("worker-e").stale(FUNCTION, true)).doesNotContain(task);
	}

	@Test
	void aLeaseLetGoAfterAFailedFilingIsStaleToItsWorkerAtOnceAndToOthersOnceItExpires() {
		TaskLeases worker = leases("worker-f");
		TaskLeases other = leases("worker-g");
		// A function of its own, so that the lease left behind is no other test's stale
		// one.
		FunctionName function = FunctionName.of("abandoned");
		store.createBucket(function.value());
		TaskId task = TaskId.of("abandoned.txt");
		TaskLease lease = worker.acquire(function, task, 1, "run").orElseThrow();
		assertThat(worker.stale(function, true)).as("held").doesNotContain(task);
		worker.forget(lease);
		assertThat(worker.stale(function, true)).as("let go").contains(task);
		assertThat(other.stale(function, true)).as("live to another worker").doesNotContain(task);
		this.clock.advance(LEASE.plusSeconds(1));
		assertThat(other.stale(function, true)).as("expired").contains(task);
		assertThat(store.stat(function.value(), TaskLeases.key(task))).as("never deleted by forgetting").isPresent();
	}

	private TaskLeases leases(String worker) {
		return new TaskLeases(store, JsonMapper.builder().build(), worker, LEASE, this.clock, new SimpleMeterRegistry(),
				scheduler);
	}

	/** A clock the test moves. */
	static final class MovableClock extends Clock {

		private volatile Instant now = Instant.now();

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

}
