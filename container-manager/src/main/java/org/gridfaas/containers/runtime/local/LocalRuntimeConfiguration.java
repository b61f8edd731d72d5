package org.gridfaas.containers.runtime.local;

import java.nio.file.Path;
import java.util.List;

import org.gridfaas.common.GridfaasProperties;
import org.gridfaas.containers.cgroup.Cgroups;
import org.gridfaas.containers.runtime.ConditionalOnRuntime;
import org.gridfaas.containers.runtime.ContainerRuntime;
import org.gridfaas.containers.runtime.RuntimeProperties;
import org.gridfaas.containers.runtime.TenantIds;
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
	ContainerRuntime localCgroupRuntime(RuntimeProperties properties, TenantIds tenants, GridfaasProperties gridfaas) {
		LocalCgroupRuntime runtime = new LocalCgroupRuntime(
				Cgroups.detect(properties.cgroupMount(), properties.cgroupParent(), properties.cfsPeriod()),
				new Sandbox(properties.bwrap(), properties.pasta(), Path.of("/")), tenants, properties.tmpSize(),
				properties.workRoot(gridfaas.home()));
		Path home = gridfaas.home().toAbsolutePath();
		Path work = properties.workRoot(gridfaas.home());
		runtime.makePassable(work.startsWith(home) ? List.of(home, work) : List.of(work));
		return runtime;
	}

}
