package org.gridfaas.common;

import tools.jackson.core.StreamWriteFeature;

import org.gridfaas.common.security.ApiSecurityConfiguration;
import org.gridfaas.common.web.ApiExceptionHandler;
import org.gridfaas.common.web.WhoAmIControllerConfiguration;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The API conventions both services share, imported by each application class: token
 * security, problem+json errors, {@code GET /api/v1/me}, and JSON numbers for money and
 * CPU-seconds written in plain notation ({@code 0.00000000}, never {@code 0E-8}).
 */
@Configuration(proxyBeanMethods = false)
@Import({ ApiSecurityConfiguration.class, ApiExceptionHandler.class, WhoAmIControllerConfiguration.class })
public class GridfaasApiConfiguration {

	@Bean
	JsonMapperBuilderCustomizer plainDecimals() {
		return (builder) -> builder.enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN);
	}

}
