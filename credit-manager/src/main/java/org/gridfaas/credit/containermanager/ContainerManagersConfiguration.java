package org.gridfaas.credit.containermanager;

import org.gridfaas.common.api.ApiClients;
import org.gridfaas.common.security.AdminToken;
import org.gridfaas.credit.metering.MeteringProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/** One client per configured ContainerManager, serving both metering and enforcement. */
@Configuration(proxyBeanMethods = false)
class ContainerManagersConfiguration {

	@Bean
	ContainerManagers containerManagers(RestClient.Builder builder, MeteringProperties properties,
			AdminToken adminToken) {
		ApiClients.Timeouts timeouts = ApiClients.Timeouts.of(properties.containerManagerTimeout());
		return new ContainerManagers(properties.containerManagers()
			.stream()
			.map((url) -> new ContainerManagerClient(builder, url, adminToken.value(), timeouts))
			.toList());
	}

}
