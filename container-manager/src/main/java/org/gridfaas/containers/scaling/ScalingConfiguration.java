package org.gridfaas.containers.scaling;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.gridfaas.common.GridfaasProperties;
import org.gridfaas.containers.container.ContainerPool;
import org.gridfaas.containers.function.FunctionLimits;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;

/**
 * The built-in scaler and its time series: the default, unless
 * {@code gridfaas.scaling.backend=serverless-containers} leaves scaling to that.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "gridfaas.scaling.backend", havingValue = "builtin", matchIfMissing = true)
class ScalingConfiguration {

	@Bean
	ContainerScaler containerScaler(ContainerPool pool, ScalingProperties properties, FunctionLimits limits,
			GridfaasProperties gridfaas, JsonMapper json, Clock clock, MeterRegistry meters, TaskScheduler scheduler) {
		CpuTimeSeries series = properties.timeSeries()
				? new CpuTimeSeries(gridfaas.home().resolve("data").resolve("cpu.jsonl"), json) : null;
		return new ContainerScaler(pool, properties, limits, series, clock, meters, scheduler);
	}

}
