package org.gridfaas.containers.runtime.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import tools.jackson.databind.json.JsonMapper;

import org.gridfaas.common.GridfaasProperties;
import org.gridfaas.containers.cgroup.Cgroups;
import org.gridfaas.containers.image.ImageBuilder;
import org.gridfaas.containers.runtime.RuntimeProperties;
import org.gridfaas.containers.runtime.TenantFolders;
import org.gridfaas.containers.runtime.TenantIds;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The image builder, on every runtime: a SIF built here runs on the local runtime and on
 * Apptainer alike. Builds get cgroups of their own, under {@code <cgroup-parent>-builds},
 * apart from the containers the runtime lists.
 */
@Configuration(proxyBeanMethods = false)
class LocalImageBuilderConfiguration {

	@Bean
	ImageBuilder localImageBuilder(RuntimeProperties properties, TenantIds tenants, GridfaasProperties gridfaas,
			JsonMapper json) {
		Path home = gridfaas.home().toAbsolutePath();
		Path builds = home.resolve("images").resolve("builds");
		try {
			Files.createDirectories(builds);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot make " + builds, ex);
		}
		TenantFolders folders = TenantFolders.ofThisService(tenants.sandboxGroup());
		for (Path folder = builds; folder != null && folder.startsWith(home); folder = folder.getParent()) {
			folders.passableBySandboxes(folder);
		}
		return new LocalImageBuilder(
				Cgroups.detect(properties.cgroupMount(), properties.cgroupParent() + "-builds", properties.cfsPeriod()),
				new Sandbox(properties.bwrap(), properties.pasta(), Path.of("/")), tenants,
				properties.tmpSize().toBytes(), json);
	}

}
