package org.gridfaas.common.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Registers the package-private {@link WhoAmIController}. */
@Configuration(proxyBeanMethods = false)
@Import(WhoAmIController.class)
public class WhoAmIControllerConfiguration {

}
