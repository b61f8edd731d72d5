package org.gridfaas.containers.runtime.apptainer;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.gridfaas.common.GridfaasProperties;
import org.gridfaas.containers.cgroup.Cgroups;
import org.gridfaas.containers.runtime.ConditionalOnRuntime;
import org.gridfaas.containers.runtime.ContainerRuntime;
import org.gridfaas.containers.runtime.ProcessRunner;
import org.gridfaas.containers.runtime.RuntimeProperties;
import org.gridfaas.containers.runtime.TenantFolders;
import org.gridfaas.containers.runtime.TenantIds;
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
	ContainerRuntime apptainerRuntime(RuntimeProperties properties, TenantIds tenants, GridfaasProperties gridfaas) {
		ProcessRunner runner = new ProcessRunner(
				Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")));
		TenantFolders folders = TenantFolders.ofThisService(tenants.sandboxGroup());
		Path home = gridfaas.home().toAbsolutePath();
		Path work = properties.workRoot(gridfaas.home());
		(work.startsWith(home) ? List.of(home, work) : List.of(work)).forEach(folders::passableBySandboxes);
		return new ApptainerRuntime(new ApptainerCommands("apptainer"), runner,
				Cgroups.detect(properties.cgroupMount(), properties.cgroupParent(), properties.cfsPeriod()),
				properties.cgroupMount(), tenants, folders, new HostAccounts(Path.of("/etc/passwd"), "useradd", runner),
				work);
	}

}
