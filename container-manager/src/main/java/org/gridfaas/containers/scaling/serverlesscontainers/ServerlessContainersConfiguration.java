package org.gridfaas.containers.scaling.serverlesscontainers;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The ServerlessContainers backend, when
 * {@code gridfaas.scaling.backend=serverless-containers}:
 * {@code gridfaas.scaling.serverless-containers.url} (default
 * {@code http://127.0.0.1:5000}) names the Orchestrator, {@code ...host} the host the
 * containers run on (default this host's name).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "gridfaas.scaling.backend", havingValue = "serverless-containers")
class ServerlessContainersConfiguration {

	@Bean
	ServerlessContainersScaling serverlessContainersScaling(Environment environment, JsonMapper json)
			throws UnknownHostException {
		URI url = URI
			.create(environment.getProperty("gridfaas.scaling.serverless-containers.url", "http://127.0.0.1:5000"));
		String host = environment.getProperty("gridfaas.scaling.serverless-containers.host",
				InetAddress.getLocalHost().getHostName());
		return new ServerlessContainersScaling(new OrchestratorClient(url, Duration.ofSeconds(5), json), host);
	}

}
