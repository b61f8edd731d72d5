package org.gridfaas.containers.runtime.local;

import org.gridfaas.containers.cgroup.Cgroups;
import org.gridfaas.containers.runtime.ConditionalOnRuntime;
import org.gridfaas.containers.runtime.ContainerRuntime;
import org.gridfaas.containers.runtime.RuntimeFailure;
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
		Cgroups cgroups = Cgroups.detect(properties.cgroupMount(), properties.cgroupParent(), properties.cfsPeriod())
			.orElseThrow(() -> new RuntimeFailure("The local runtime needs writable CPU cgroups under "
					+ properties.cgroupMount() + " (run as root, or delegate a cgroup to this user)"));
		return new LocalCgroupRuntime(cgroups, TaskUser.of(properties.taskUser()));
	}

}
