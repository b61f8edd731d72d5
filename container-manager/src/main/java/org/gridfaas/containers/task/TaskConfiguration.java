package org.gridfaas.containers.task;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import org.gridfaas.containers.account.AccountStandings;
import org.gridfaas.containers.container.ContainerPool;
import org.gridfaas.containers.function.FunctionDefaults;
import org.gridfaas.containers.function.FunctionRepository;
import org.gridfaas.containers.runtime.ContainerRuntime;
import org.gridfaas.containers.store.ObjectStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The task runner and the dispatch loop. */
@Configuration(proxyBeanMethods = false)
class TaskConfiguration {

	@Bean
	TaskRunner taskRunner(ContainerRuntime runtime, ObjectStore store, TaskStore tasks, TaskProperties properties,
			Clock clock, MeterRegistry meters) {
		return new TaskRunner(runtime, store, tasks, properties, clock, meters);
	}

	@Bean
	TaskDispatcher taskDispatcher(FunctionRepository functions, TaskStore tasks, ContainerPool pool,
			AccountStandings accounts, TaskRunner runner, TaskProperties properties, FunctionDefaults defaults,
			Clock clock, MeterRegistry meters) {
		return new TaskDispatcher(functions, tasks, pool, accounts, runner, properties, defaults, clock, meters);
	}

}
