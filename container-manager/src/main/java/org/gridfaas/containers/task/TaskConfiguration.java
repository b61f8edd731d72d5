package org.gridfaas.containers.task;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.gridfaas.common.web.RequestBodyLimits;
import org.gridfaas.common.web.WebProperties;
import org.gridfaas.containers.account.AccountStandings;
import org.gridfaas.containers.container.ContainerPool;
import org.gridfaas.containers.function.FunctionDefaults;
import org.gridfaas.containers.function.FunctionRepository;
import org.gridfaas.containers.image.FunctionImages;
import org.gridfaas.containers.node.Worker;
import org.gridfaas.containers.runtime.ContainerRuntime;
import org.gridfaas.containers.store.ObjectStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.unit.DataSize;

/** The task runner and the dispatch loop. */
@Configuration(proxyBeanMethods = false)
class TaskConfiguration {

	/**
	 * A task file may be as large as {@code max-task-size}; a function's script and
	 * definition up to 4MB of JSON; anything else the default.
	 */
	@Bean
	RequestBodyLimits requestBodyLimits(FunctionDefaults defaults, WebProperties web) {
		long taskLimit = defaults.maxTaskSize().toBytes();
		long otherLimit = web.maxBodySize().toBytes();
		return (request) -> {
			String path = request.getRequestURI();
			if (path.startsWith("/api/v1/functions/") && path.endsWith("/tasks")) {
				return taskLimit;
			}
			return path.startsWith("/api/v1/functions") ? Math.max(otherLimit, DataSize.ofMegabytes(4).toBytes())
					: otherLimit;
		};
	}

	@Bean
	TaskLeases taskLeases(ObjectStore store, JsonMapper json, Worker worker, TaskProperties properties, Clock clock,
			MeterRegistry meters, TaskScheduler scheduler) {
		return new TaskLeases(store, json, worker.name(), properties.leaseDuration(), clock, meters, scheduler);
	}

	@Bean
	FunctionScripts functionScripts(ObjectStore store, TaskProperties properties) {
		return new FunctionScripts(store, properties.functionsRefresh());
	}

	@Bean
	TaskRunner taskRunner(ContainerRuntime runtime, ObjectStore store, FunctionScripts scripts, TaskStore tasks,
			TaskProperties properties, Clock clock, MeterRegistry meters) {
		return new TaskRunner(runtime, store, scripts, tasks, properties, clock, meters);
	}

	@Bean
	TaskDispatcher taskDispatcher(FunctionRepository functions, TaskStore tasks, ContainerPool pool,
			AccountStandings accounts, TaskRunner runner, TaskProperties properties, FunctionDefaults defaults,
			Clock clock, MeterRegistry meters, TaskScheduler scheduler, FunctionImages images, TaskLeases leases,
			Worker worker) {
		return new TaskDispatcher(functions, tasks, pool, accounts, runner, properties, defaults, clock, meters,
				scheduler, images, new Replicas(leases, pool, worker));
	}

}
