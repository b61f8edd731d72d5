package org.gridfaas.containers.image;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotEmpty;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How function images are built and kept.
 *
 * @param maxSize the most an image's root may hold while it is built, and the largest SIF
 * file a node fetches
 * @param buildTimeout how long a build may take, from bootstrap to SIF
 * @param suites the Debian suites {@code Bootstrap: debootstrap} may install
 * @param mirrors the Debian mirrors it may install from (debootstrap runs their packages'
 * scripts as root on the build host, so only mirrors the provider trusts); the first is
 * the default
 */
@Validated
@ConfigurationProperties("gridfaas.images")
public record ImageProperties(@DefaultValue("2GB") DataSize maxSize, @DefaultValue("20m") Duration buildTimeout,
		@DefaultValue( {
				"bookworm", "trixie", "bullseye", "stable" }) @NotEmpty List<String> suites,
		@DefaultValue("http://deb.debian.org/debian") @NotEmpty List<String> mirrors){

	public ImageProperties {
		if (maxSize.toMegabytes() < 1 || maxSize.toGigabytes() > 64) {
			throw new IllegalArgumentException("gridfaas.images.max-size must be between 1MB and 64GB");
		}
		if (buildTimeout.isNegative() || buildTimeout.isZero()) {
			throw new IllegalArgumentException("gridfaas.images.build-timeout must be positive");
		}
		mirrors = mirrors.stream().map((url) -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url).toList();
	}

	/** The rules definitions are checked by. */
	public DefinitionRules rules() {
		return new DefinitionRules(this.suites, this.mirrors);
	}

}
