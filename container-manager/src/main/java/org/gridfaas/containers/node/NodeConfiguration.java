package org.gridfaas.containers.node;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Who this worker is. */
@Configuration(proxyBeanMethods = false)
class NodeConfiguration {

	@Bean
	Worker worker(NodeProperties properties, @Value("${server.port:8080}") int port) {
		return properties.worker(port);
	}

}
