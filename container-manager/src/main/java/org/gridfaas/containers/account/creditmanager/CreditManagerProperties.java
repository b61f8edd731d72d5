package org.gridfaas.containers.account.creditmanager;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How ContainerManager reaches CreditManager. The admin token authenticates the calls.
 *
 * @param url CreditManager's base URL ({@code GRIDFAAS_CREDITMANAGER_URL})
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout how long to wait for an answer
 * @param cacheFor how long a standing is reused before it is asked again; short, so a
 * deposit or a debt shows within a dispatch cycle or two
 */
@ConfigurationProperties("gridfaas.credit-manager")
public record CreditManagerProperties(@DefaultValue("http://127.0.0.1:8081") URI url,
		@DefaultValue("2s") Duration connectTimeout, @DefaultValue("5s") Duration readTimeout,
		@DefaultValue("1s") Duration cacheFor) {
}
