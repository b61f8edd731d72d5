package org.gridfaas.credit.containermanager;

import java.time.Duration;

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
		// Bounded, so that one ContainerManager that hangs delays a cycle, never stops
		// it.
		Duration timeout = Duration.ofSeconds(10);
		return new ContainerManagers(properties.containerManagers()
			.stream()
			.map((url) -> new ContainerManagerClient(builder, url, adminToken.value(), timeout))
			.toList());
	}

}
