package org.gridfaas.containers.runtime.local;

import java.nio.file.Path;

import tools.jackson.databind.json.JsonMapper;

import org.gridfaas.containers.cgroup.Cgroups;
import org.gridfaas.containers.image.ImageBuilder;
import org.gridfaas.containers.runtime.ConditionalOnRuntime;
import org.gridfaas.containers.runtime.RuntimeProperties;
import org.gridfaas.containers.runtime.TenantIds;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The image builder wherever Apptainer is not the runtime (there, {@code apptainer build}
 * builds): a SIF built here runs on the local runtime and on Apptainer alike. Builds get
 * cgroups of their own, under {@code <cgroup-parent>-builds}, apart from the containers
 * the runtime lists.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(LocalImageBuilderConfiguration.NotApptainer.class)
class LocalImageBuilderConfiguration {

	/** Any runtime but Apptainer's. */
	static class NotApptainer implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !"apptainer".equals(ConditionalOnRuntime.OnRuntimeCondition
				.resolve(context.getEnvironment().getProperty("gridfaas.runtime.kind", "auto")));
		}

	}

	@Bean
	ImageBuilder localImageBuilder(RuntimeProperties properties, TenantIds tenants, JsonMapper json) {
		return new LocalImageBuilder(
				Cgroups.detect(properties.cgroupMount(), properties.cgroupParent() + "-builds", properties.cfsPeriod()),
				new Sandbox(properties.bwrap(), properties.pasta(), Path.of("/")), tenants,
				properties.tmpSize().toBytes(), json);
	}

}
