package org.gridfaas.containers.container;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.gridfaas.common.api.UsageRecord;
import org.gridfaas.common.cpu.CpuShares;
import org.gridfaas.common.naming.ContainerName;
import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.containers.function.Function;
import org.gridfaas.containers.function.FunctionDefaults;
import org.gridfaas.containers.runtime.FakeContainerRuntime;
import org.gridfaas.containers.runtime.FakeContainerRuntime.FakeContainer;
import org.gridfaas.containers.store.ObjectStore;
import org.gridfaas.containers.store.minio.TestStores;
import org.gridfaas.containers.usage.UsageLog;
import org.gridfaas.testing.S3ProxyServer;
import org.springframework.boot.context.properties.bind.Binder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pool on the fake runtime, without root: what it records of each start and stop,
 * what it does with what a crashed run left, and with a container that vanished.
 */
class ContainerPoolTests {

	static final S3ProxyServer s3 = S3ProxyServer.start();

	static MinioClient client;

	static ObjectStore store;

	static final UserName ALICE = UserName.of("alice");

	@TempDir
	Path home;

	FakeContainerRuntime runtime;

	UsageLog usage;

	Function function;

	@BeforeAll
	static void bucket() throws Exception {
		client = s3.client();
		client.makeBucket(MakeBucketArgs.builder().bucket("pooled").build());
		store = TestStores.on(client);
	}

	@AfterAll
	static void close() throws Exception {
		client.close();
		s3.close();
	}

	@BeforeEach
	void setUp() {
		this.runtime = new FakeContainerRuntime();
		this.usage = new UsageLog(this.home.resolve("usage.jsonl"), JsonMapper.builder().findAndAddModules().build());
		FunctionDefaults defaults = Binder.get(new org.springframework.mock.env.MockEnvironment())
			.bindOrCreate("gridfaas.functions.defaults", FunctionDefaults.class);
		this.function = new Function(FunctionName.of("pooled"), ALICE, defaults.settings());
	}

	ContainerPool pool() {
		return new ContainerPool(this.runtime, store, this.usage, JsonMapper.builder().findAndAddModules().build(),
				this.home.resolve("work"), this.home.resolve("containers"), Clock.systemUTC(),
				new SimpleMeterRegistry());
	}

	@Test
	void aStartIsRecordedAtZeroAndAStopWithTheFinalReadingOfTheRuntime() {
		ContainerPool pool = pool();
		ManagedContainer container = pool.start(this.function, Optional.empty());
		FakeContainer fake = this.runtime.container(container.name()).orElseThrow();
		fake.addCpu(Duration.ofMillis(2_500));
		pool.stop(container, true, "test");

		List<UsageRecord> records = this.usage.page(0, 100).records();
		assertThat(records).hasSize(2);
		assertThat(records.get(0).cpuSeconds()).isEqualByComparingTo(BigDecimal.ZERO);
		assertThat(records.get(0).allocatedShares()).isEqualTo(this.function.settings().cpuMax());
		assertThat(records.get(1).cpuSeconds()).isEqualByComparingTo("2.5");
		assertThat(records.get(1).last()).isTrue();
		assertThat(fake.stops()).isEqualTo(1);
		assertThat(pool.all()).isEmpty();
	}

	@Test
	void aReadingCarriesTheLimitInForceAndNeverGoesBack() {
		ContainerPool pool = pool();
		ManagedContainer container = pool.start(this.function, Optional.empty());
		FakeContainer fake = this.runtime.container(container.name()).orElseThrow();
		fake.addCpu(Duration.ofSeconds(1));
		fake.setCpuLimit(CpuShares.of(50));
		pool.recordUsage();
		UsageRecord reading = this.usage.page(1, 100).records().get(0);
		assertThat(reading.allocatedShares()).isEqualTo(CpuShares.of(50));
		assertThat(reading.cpuSeconds()).isEqualByComparingTo("1");
		// A container that vanished reads zero; its last reading stands as its final one.
		fake.vanish();
		assertThat(pool.forgetVanished()).containsExactly(container.name());
		List<UsageRecord> records = this.usage.page(0, 100).records();
		assertThat(records.get(records.size() - 1).cpuSeconds()).isEqualByComparingTo("1");
		assertThat(records.get(records.size() - 1).last()).isTrue();
	}

	@Test
	void aLeftoverWithItsRecordIsAdoptedWithItsCounterAndOneWithoutIsStopped() {
		ContainerPool first = pool();
		ManagedContainer before = first.start(this.function, Optional.empty());
		// The service dies; the runtime still runs the container, and one nobody knows.
		this.runtime = new FakeContainerRuntime();
		this.runtime.leaveRunning(before.name(), Duration.ofSeconds(7));
		FakeContainer stranger = this.runtime.leaveRunning(ContainerName.of("stranger"), Duration.ofSeconds(3));

		ContainerPool restarted = pool();
		List<ContainerName> adopted = restarted.adoptLeftovers(Map.of(this.function.name(), this.function));
		assertThat(adopted).containsExactly(before.name());
		ManagedContainer after = restarted.get(this.function.name()).orElseThrow();
		assertThat(after.instance()).isEqualTo(before.instance());
		assertThat(after.lastUsage()).isEqualTo(Duration.ofSeconds(7));
		assertThat(stranger.stops()).isEqualTo(1);
	}

	@Test
	void aContainerStartsWithTheImageItWasGiven() {
		ContainerPool pool = pool();
		pool.start(this.function, Optional.of(Path.of("/images/pooled/etag.sif")));
		assertThat(this.runtime.started()).singleElement()
			.satisfies((spec) -> assertThat(spec.image()).isEqualTo(Path.of("/images/pooled/etag.sif")));
	}

}
