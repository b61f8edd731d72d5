package org.gridfaas.credit.containermanager;

import java.time.Clock;

import org.gridfaas.common.api.ApiClients;
import org.gridfaas.common.security.AdminToken;
import org.gridfaas.credit.metering.MeteringProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/**
 * The seeded and registered ContainerManagers, one client per URL serving both metering
 * and enforcement.
 */
@Configuration(proxyBeanMethods = false)
class ContainerManagersConfiguration {

	@Bean
	ContainerManagers containerManagers(RestClient.Builder builder, MeteringProperties properties,
			AdminToken adminToken, WorkerStore workers, Clock clock) {
		ApiClients.Timeouts timeouts = ApiClients.Timeouts.of(properties.containerManagerTimeout());
		return new ContainerManagers(properties.containerManagers(), workers,
				(url) -> new ContainerManagerClient(builder, url, adminToken.value(), timeouts),
				properties.period().multipliedBy(properties.silentAfterPeriods()), clock);
	}

}
