package org.gridfaas.containers.runtime.apptainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.gridfaas.containers.cgroup.Cgroups;
import org.gridfaas.containers.cgroup.CpuCgroup;
import org.gridfaas.containers.image.ImageBuilder;
import org.gridfaas.containers.image.InvalidImageException;
import org.gridfaas.containers.image.SifAssembler;
import org.gridfaas.containers.image.SifFile;
import org.gridfaas.containers.runtime.TenantFolders;
import org.gridfaas.containers.runtime.TenantIds;
import org.gridfaas.containers.runtime.TenantIds.TenantId;

/**
 * Builds images where Apptainer is installed: {@code apptainer build --fakeroot} of the
 * same checked definition ({@code From:} pointed at the base image's file, {@code %files}
 * sources at staging), run as the owner's tenant in the build's own cgroup, whose CPU is
 * billed. The SIF Apptainer makes is checked as an upload would be.
 */
class ApptainerImageBuilder implements ImageBuilder {

	private static final Logger log = LoggerFactory.getLogger(ApptainerImageBuilder.class);

	private final ApptainerCommands commands;

	private final Optional<Cgroups> cgroups;

	private final TenantIds tenants;

	private final TenantFolders folders;

	ApptainerImageBuilder(ApptainerCommands commands, Optional<Cgroups> cgroups, TenantIds tenants,
			TenantFolders folders) {
		this.commands = commands;
		this.cgroups = cgroups;
		this.tenants = tenants;
		this.folders = folders;
	}

	@Override
	public Duration build(BuildRequest request) {
		if (!this.folders.separatesTenants()) {
			throw new ImageBuildException("images are built by a ContainerManager that runs as root only");
		}
		Instant deadline = Instant.now().plus(request.timeout());
		TenantId tenant = this.tenants.of(request.owner());
		Optional<CpuCgroup> group = this.cgroups
			.map((found) -> found.create(request.function().value() + "_build", request.limits()));
		group.ifPresent((found) -> found.setLimit(request.cpu()));
		try {
			Path work = Files.createDirectories(request.folder().resolve("apptainer"));
			Path definition = work.resolve("function.def");
			Files.writeString(definition, request.definition().forApptainer(request.base()), StandardCharsets.UTF_8);
			Files.createDirectories(work.resolve("home"));
			Files.createDirectories(request.staging());
			this.folders.passableBySandboxes(request.folder());
			this.folders.handTo(work, tenant);
			this.folders.handTo(request.staging(), tenant);
			request.base().ifPresent((base) -> this.folders.handTo(base, tenant));
			Path built = work.resolve("image.sif");
			SifAssembler.step("apptainer build", group.map(CpuCgroup::joinCommand).orElse(List.of()),
					this.commands.build(tenant, work.resolve("home"), request.staging(), built, definition),
					request.log(), deadline);
			if (Files.size(built) > request.maxBytes()) {
				throw new ImageBuildException(
						"the image grew past its size limit of " + request.maxBytes() / (1024 * 1024) + " MB");
			}
			SifFile.read(built);
			Files.move(built, request.target(), StandardCopyOption.REPLACE_EXISTING);
		}
		catch (InvalidImageException ex) {
			throw new ImageBuildException("apptainer build made no usable SIF: " + ex.getMessage())
				.afterUsing(finish(group));
		}
		catch (ImageBuildException ex) {
			throw ex.afterUsing(finish(group));
		}
		catch (IOException ex) {
			finish(group);
			throw new UncheckedIOException(ex);
		}
		Duration used = finish(group);
		log.info("Built the image of {} with apptainer build: {} s of CPU", request.function(),
				used.toMillis() / 1000.0);
		return used;
	}

	private static Duration finish(Optional<CpuCgroup> group) {
		return group.map(CpuCgroup::destroy).orElse(Duration.ZERO);
	}

}
