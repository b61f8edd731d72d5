package org.gridfaas.containers.runtime.apptainer;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.gridfaas.common.GridfaasProperties;
import org.gridfaas.containers.cgroup.Cgroups;
import org.gridfaas.containers.image.ImageBuilder;
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

	/** The service's own PATH, where it finds the Apptainer CLI and the host's tools. */
	private static final String SERVICE_PATH = System.getenv()
		.getOrDefault("PATH", "/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");

	@Bean
	ContainerRuntime apptainerRuntime(RuntimeProperties properties, TenantIds tenants, GridfaasProperties gridfaas) {
		ProcessRunner runner = new ProcessRunner(Map.of("PATH", SERVICE_PATH));
		TenantFolders folders = TenantFolders.ofThisService(tenants.sandboxGroup());
		Path home = gridfaas.home().toAbsolutePath();
		Path work = properties.workRoot(gridfaas.home());
		(work.startsWith(home) ? List.of(home, work) : List.of(work)).forEach(folders::passableBySandboxes);
		return new ApptainerRuntime(new ApptainerCommands(onPath("apptainer", SERVICE_PATH)), runner,
				Cgroups.detect(properties.cgroupMount(), properties.cgroupParent(), properties.cfsPeriod()),
				properties.cgroupMount(), tenants, folders, new HostAccounts(Path.of("/etc/passwd"), "useradd", runner),
				work);
	}

	/** Images are built by {@code apptainer build --fakeroot}, as the same tenant. */
	@Bean
	ImageBuilder apptainerImageBuilder(RuntimeProperties properties, TenantIds tenants) {
		return new ApptainerImageBuilder(new ApptainerCommands(onPath("apptainer", SERVICE_PATH)),
				Cgroups.detect(properties.cgroupMount(), properties.cgroupParent() + "-builds", properties.cfsPeriod()),
				tenants, TenantFolders.ofThisService(tenants.sandboxGroup()));
	}

	/**
	 * The program as the service finds it on its own PATH, absolute: a task's command
	 * runs with the task's PATH, which must not pick another {@code apptainer}.
	 */
	static String onPath(String program, String path) {
		for (String folder : path.split(":")) {
			Path candidate = Path.of(folder.isEmpty() ? "." : folder, program).toAbsolutePath();
			if (java.nio.file.Files.isRegularFile(candidate) && java.nio.file.Files.isExecutable(candidate)) {
				return candidate.toString();
			}
		}
		return program;
	}

}
