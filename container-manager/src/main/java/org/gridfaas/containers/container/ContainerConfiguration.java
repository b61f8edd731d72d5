package org.gridfaas.containers.container;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.gridfaas.common.GridfaasProperties;
import org.gridfaas.containers.runtime.ContainerRuntime;
import org.gridfaas.containers.runtime.RuntimeProperties;
import org.gridfaas.containers.store.ObjectStore;
import org.gridfaas.containers.usage.UsageLog;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The container pool, with its folders under {@code $GRIDFAAS_HOME}. */
@Configuration(proxyBeanMethods = false)
class ContainerConfiguration {

	@Bean
	UsageLog usageLog(GridfaasProperties gridfaas, JsonMapper json) {
		return new UsageLog(gridfaas.home().resolve("data").resolve("usage.jsonl"), json);
	}

	@Bean
	ContainerPool containerPool(ContainerRuntime runtime, ObjectStore store, UsageLog usage, JsonMapper json,
			GridfaasProperties gridfaas, RuntimeProperties runtimeProperties, Clock clock, MeterRegistry meters,
			ApplicationEventPublisher events) {
		ContainerPool pool = new ContainerPool(runtime, store, usage, json, runtimeProperties.workRoot(gridfaas.home()),
				gridfaas.home().resolve("containers"), clock, meters);
		pool.setEventPublisher(events);
		return pool;
	}

}
