package org.gridfaas.containers.runtime;

import org.gridfaas.common.GridfaasProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The tenants' host ids, recorded in {@code $GRIDFAAS_HOME/data/tenant-ids.properties}.
 */
@Configuration(proxyBeanMethods = false)
class TenantIdsConfiguration {

	@Bean
	TenantIds tenantIds(RuntimeProperties properties, GridfaasProperties gridfaas) {
		return new TenantIds(properties.firstTenantId(),
				gridfaas.home().resolve("data").resolve("tenant-ids.properties"));
	}

}
