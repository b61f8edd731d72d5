package org.gridfaas.credit;

import java.time.Clock;

import org.gridfaas.common.GridfaasApiConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * CreditManager: meters the CPU each container used, charges the owner's prepaid GRC
 * balance for it, moves the value to the provider, and restricts or stops the containers
 * of users whose funds run out.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
@Import(GridfaasApiConfiguration.class)
public class CreditManagerApplication {

	public static void main(String[] args) {
		SpringApplication.run(CreditManagerApplication.class, args);
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
