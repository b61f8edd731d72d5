package org.gridfaas.containers.runtime.local;

import org.gridfaas.containers.cgroup.Cgroups;
import org.gridfaas.containers.runtime.ConditionalOnRuntime;
import org.gridfaas.containers.runtime.ContainerRuntime;
import org.gridfaas.containers.runtime.RuntimeProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The local cgroup runtime, where Apptainer is absent or
 * {@code gridfaas.runtime.kind=local}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRuntime("local")
class LocalRuntimeConfiguration {

	@Bean
	ContainerRuntime localCgroupRuntime(RuntimeProperties properties) {
		return new LocalCgroupRuntime(
				Cgroups.detect(properties.cgroupMount(), properties.cgroupParent(), properties.cfsPeriod()),
				TaskUser.of(properties.taskUser()));
	}

}
