package org.gridfaas.common;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

import org.gridfaas.common.security.ApiSecurityConfiguration;
import org.gridfaas.common.web.ApiExceptionHandler;
import org.gridfaas.common.web.ProblemErrorController;
import org.gridfaas.common.web.RequestBodyLimitFilter;
import org.gridfaas.common.web.RequestBodyLimits;
import org.gridfaas.common.web.WebProperties;
import org.gridfaas.common.web.WhoAmIControllerConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;

/**
 * The API conventions both services share, imported by each application class: token
 * security, problem+json errors, {@code GET /api/v1/me}, strict JSON in, and JSON numbers
 * for money and CPU-seconds written in plain notation ({@code 0.00000000}, never
 * {@code 0E-8}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebProperties.class)
@Import({ ApiSecurityConfiguration.class, ApiExceptionHandler.class, WhoAmIControllerConfiguration.class,
		ProblemErrorController.class })
public class GridfaasApiConfiguration {

	/**
	 * Every request body streams under its limit: the service's {@link RequestBodyLimits}
	 * if it declares one, else {@code gridfaas.web.max-body-size} (1MB).
	 */
	@Bean
	FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(ObjectProvider<RequestBodyLimits> limits,
			WebProperties web, JsonMapper json) {
		long defaultLimit = web.maxBodySize().toBytes();
		RequestBodyLimits chosen = limits.getIfAvailable(() -> (request) -> defaultLimit);
		FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestBodyLimitFilter(chosen, json));
		// Before security: an unread body is refused by its length whoever sends it.
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

	@Bean
	PrivateHome privateHome(GridfaasProperties gridfaas) {
		return new PrivateHome(gridfaas.home());
	}

	@Bean
	JsonMapperBuilderCustomizer plainDecimals() {
		return (builder) -> builder.enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN);
	}

	/**
	 * What a request means is what it says: a field the request does not have, a field
	 * given twice, or a number (money above all) sent as a string is refused, never
	 * guessed at. Only for the requests a service serves: its clients (of the other
	 * service, a node) and its stored records are read by the shared mapper, which
	 * tolerates fields it does not know, so that either side can grow one first.
	 */
	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	ServerHttpMessageConvertersCustomizer strictRequests(JsonMapper json) {
		JsonMapper strict = strict(json.rebuild()).build();
		return (converters) -> converters.withJsonConverter(new JacksonJsonHttpMessageConverter(strict));
	}

	private static JsonMapper.Builder strict(JsonMapper.Builder builder) {
		return builder.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.withCoercionConfig(LogicalType.Float,
					(config) -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Integer,
					(config) -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Boolean,
					(config) -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail));
	}

}
