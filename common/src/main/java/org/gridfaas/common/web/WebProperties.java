package org.gridfaas.common.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How requests are read.
 *
 * @param maxBodySize the largest request body an endpoint takes unless the service says
 * otherwise ({@link RequestBodyLimits}); 1 KB to 1 GB
 */
@ConfigurationProperties("gridfaas.web")
public record WebProperties(@DefaultValue("1MB") DataSize maxBodySize) {

	public WebProperties {
		if (maxBodySize.toBytes() < 1024 || maxBodySize.toGigabytes() > 1) {
			throw new IllegalArgumentException("gridfaas.web.max-body-size must be between 1KB and 1GB");
		}
	}

}
