package org.gridfaas.containers.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import tools.jackson.databind.json.JsonMapper;

import org.gridfaas.common.GridfaasProperties;
import org.gridfaas.containers.function.Function;
import org.gridfaas.containers.function.FunctionRepository;
import org.gridfaas.containers.runtime.TenantFolders;
import org.gridfaas.containers.runtime.TenantIds;
import org.gridfaas.containers.store.ObjectStore;
import org.gridfaas.containers.usage.UsageLog;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Function images, with this node's copies under {@code $GRIDFAAS_HOME/images/cache} and
 * its builds under {@code $GRIDFAAS_HOME/images/builds}.
 */
@Configuration(proxyBeanMethods = false)
class ImageConfiguration {

	@Bean
	FunctionImages functionImages(ObjectStore store, ImageBuilder builder, ImageProperties properties, UsageLog usage,
			FunctionRepository functions, GridfaasProperties gridfaas, TenantIds tenants, JsonMapper json,
			Clock clock) {
		Path home = gridfaas.home().toAbsolutePath();
		Path images = home.resolve("images");
		passableBySandboxes(home, images.resolve("builds"), tenants);
		ImageCache cache = new ImageCache(store, images.resolve("cache"), properties.maxSize().toBytes());
		ImageBuilds builds = new ImageBuilds(store, builder, cache, properties, usage, images.resolve("builds"), clock,
				(name) -> functions.find(name).flatMap(Function::ownerIfKnown));
		return new FunctionImages(store, cache, builds, properties.rules(), json, clock);
	}

	/**
	 * A build's sandbox (or Apptainer, as the tenant) reaches its folder through these.
	 */
	private static void passableBySandboxes(Path home, Path builds, TenantIds tenants) {
		try {
			Files.createDirectories(builds);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot make " + builds, ex);
		}
		TenantFolders folders = TenantFolders.ofThisService(tenants.sandboxGroup());
		for (Path folder = builds; folder != null && folder.startsWith(home); folder = folder.getParent()) {
			folders.passableBySandboxes(folder);
		}
	}

}
