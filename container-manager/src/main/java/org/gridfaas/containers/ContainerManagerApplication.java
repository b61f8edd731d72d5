package org.gridfaas.containers;

import java.time.Clock;

import org.gridfaas.common.GridfaasApiConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * ContainerManager: picks function tasks up from object storage, runs them in the
 * function's container, files results and logs, scales the container's CPU with its use
 * and stops it when idle.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
@Import(GridfaasApiConfiguration.class)
public class ContainerManagerApplication {

	public static void main(String[] args) {
		SpringApplication.run(ContainerManagerApplication.class, args);
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
