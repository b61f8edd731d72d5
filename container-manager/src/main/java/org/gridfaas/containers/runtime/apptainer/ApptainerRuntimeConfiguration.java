package org.gridfaas.containers.runtime.apptainer;

import java.util.Map;

import org.gridfaas.containers.cgroup.Cgroups;
import org.gridfaas.containers.runtime.ConditionalOnRuntime;
import org.gridfaas.containers.runtime.ContainerRuntime;
import org.gridfaas.containers.runtime.RuntimeProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Apptainer runtime, where the {@code apptainer} command exists or
 * {@code gridfaas.runtime.kind=apptainer}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRuntime("apptainer")
class ApptainerRuntimeConfiguration {

	@Bean
	ContainerRuntime apptainerRuntime(RuntimeProperties properties) {
		Cgroups cgroups = Cgroups.detect(properties.cgroupMount(), properties.cgroupParent(), properties.cfsPeriod())
			.orElse(null);
		ProcessRunner runner = new ProcessRunner(
				Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"), "HOME",
						System.getProperty("user.home")));
		return new ApptainerRuntime(new ApptainerCommands("apptainer"), runner, cgroups, properties.cgroupMount(),
				properties.cfsPeriod());
	}

}
