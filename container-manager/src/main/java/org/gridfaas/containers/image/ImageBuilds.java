package org.gridfaas.containers.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.gridfaas.common.cpu.CpuShares;
import org.gridfaas.common.naming.ContainerName;
import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.containers.cgroup.ResourceLimits;
import org.gridfaas.containers.container.WorkFolders;
import org.gridfaas.containers.function.Function;
import org.gridfaas.containers.function.FunctionLayout;
import org.gridfaas.containers.image.ImageBuilder.BuildRequest;
import org.gridfaas.containers.image.ImageBuilder.ImageBuildException;
import org.gridfaas.containers.store.ObjectStore;
import org.gridfaas.containers.store.StoredObject;
import org.gridfaas.containers.usage.UsageLog;
import org.springframework.util.FileSystemUtils;
import org.springframework.util.unit.DataSize;

/**
 * One build of a function's image, from its definition to its recorded outcome: the
 * definition checked again (it may have been written with {@code mc}), staging and the
 * {@code From:} image fetched, the build run, the SIF and the log uploaded. The build's
 * CPU goes to the usage log as a container of its own, {@code <function>_build} (a name
 * no function's container can have), so its owner is billed for it as for a task. A
 * failed build leaves the image as it was.
 */
final class ImageBuilds {

	private static final Logger log = LoggerFactory.getLogger(ImageBuilds.class);

	private final ObjectStore store;

	private final ImageBuilder builder;

	private final ImageCache cache;

	private final DefinitionRules rules;

	private final ImageProperties properties;

	private final UsageLog usage;

	private final Path folder;

	private final Clock clock;

	private final OwnerLookup owners;

	/** Whose function a function is, for {@code From:}. */
	interface OwnerLookup {

		Optional<org.gridfaas.common.naming.UserName> ownerOf(FunctionName function);

	}

	ImageBuilds(ObjectStore store, ImageBuilder builder, ImageCache cache, ImageProperties properties, UsageLog usage,
			Path folder, Clock clock, OwnerLookup owners) {
		this.store = store;
		this.builder = builder;
		this.cache = cache;
		this.rules = properties.rules();
		this.properties = properties;
		this.usage = usage;
		this.folder = folder;
		this.clock = clock;
		this.owners = owners;
	}

	/** Builds the image and says how it went; never throws for a bad definition. */
	ImageStatus build(Function function, StoredObject definitionObject, ImageStatus before) {
		FunctionName name = function.name();
		Instant started = this.clock.instant();
		Path work = this.folder.resolve(name.value() + "-" + UUID.randomUUID());
		Path buildLog = work.resolve("build.txt");
		ContainerName meter = ContainerName.of(name.value() + "_build");
		String instance = UUID.randomUUID().toString();
		CpuShares cpu = function.settings().cpuMax();
		Duration used = Duration.ZERO;
		boolean metered = false;
		try {
			Files.createDirectories(work);
			String text = new String(this.store.read(name.value(), FunctionLayout.DEFINITION).orElse(new byte[0]),
					StandardCharsets.UTF_8);
			Definition definition = this.rules.check(text, function.owner(), this::ownerWithImage);
			Optional<Path> base = baseImage(definition);
			Path staging = work.resolve("staging");
			new WorkFolders(this.store).fetchStaging(name, staging);
			ResourceLimits limits = function.settings().resourceLimits();
			// The root grows in a tmpfs, whose pages count against the build's memory.
			ResourceLimits buildLimits = new ResourceLimits(
					DataSize.ofBytes(limits.memory().toBytes() + this.properties.maxSize().toBytes()), limits.pids(),
					limits.disk());
			Path target = work.resolve("image.sif");
			this.usage.append(meter, instance, function.owner(), name, Duration.ZERO, cpu, started, false);
			metered = true;
			try {
				used = this.builder.build(new BuildRequest(name, function.owner(), definition,
						this.rules.mirror(definition), base, staging, work, buildLog, target, cpu, buildLimits,
						function.network(), this.properties.buildTimeout(), this.properties.maxSize().toBytes()));
			}
			catch (ImageBuildException ex) {
				used = ex.cpuUsed();
				throw ex;
			}
			this.store.upload(name.value(), FunctionLayout.image(name), target);
			uploadLog(name, buildLog, "built in " + seconds(started) + " s");
			log.info("Built the image of {} in {} s", name, seconds(started));
			return new ImageStatus(ImageState.READY, "built", definitionObject.etag(), null, this.clock.instant(), null,
					seconds(started), used.toMillis() / 1000.0);
		}
		catch (InvalidDefinitionException | ImageBuildException | InvalidImageException ex) {
			String reason = ex.getMessage();
			log.warn("The image of {} was not built: {}", name, reason);
			uploadLog(name, buildLog, "failed: " + reason);
			return new ImageStatus(ImageState.FAILED, before.source(), definitionObject.etag(), before.rejectedEtag(),
					this.clock.instant(), reason, seconds(started), used.toMillis() / 1000.0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			if (metered) {
				this.usage.append(meter, instance, function.owner(), name, used, CpuShares.ZERO, this.clock.instant(),
						true);
			}
			delete(work);
		}
	}

	private Optional<org.gridfaas.common.naming.UserName> ownerWithImage(FunctionName function) {
		return withImage(this.store, this.owners).ownerOf(function);
	}

	/**
	 * The owners {@code From:} may name: those of functions that have an image. One rule
	 * for the check at publish time and the check again at build time.
	 */
	static OwnerLookup withImage(ObjectStore store, OwnerLookup owners) {
		return (function) -> owners.ownerOf(function)
			.filter((owner) -> store.stat(function.value(), FunctionLayout.image(function)).isPresent());
	}

	private Optional<Path> baseImage(Definition definition) {
		if (definition.bootstrap() != Definition.Bootstrap.LOCALIMAGE) {
			return Optional.empty();
		}
		FunctionName from = DefinitionRules.from(definition);
		StoredObject image = this.store.stat(from.value(), FunctionLayout.image(from))
			.orElseThrow(() -> new ImageBuildException("From: " + from + " has no image"));
		return Optional.of(this.cache.fetch(from, image));
	}

	private void uploadLog(FunctionName name, Path buildLog, String outcome) {
		try {
			Files.createDirectories(buildLog.getParent());
			Files.writeString(buildLog, "== " + this.clock.instant() + " " + outcome + "\n", StandardCharsets.UTF_8,
					StandardOpenOption.CREATE, StandardOpenOption.APPEND);
			this.store.upload(name.value(), FunctionLayout.BUILD_LOG, buildLog);
		}
		catch (IOException | RuntimeException ex) {
			log.warn("Cannot file the build log of {}: {}", name, ex.getMessage());
		}
	}

	private long seconds(Instant started) {
		return Duration.between(started, this.clock.instant()).toSeconds();
	}

	private static void delete(Path work) {
		try {
			FileSystemUtils.deleteRecursively(work);
		}
		catch (IOException ex) {
			log.warn("Cannot delete the build folder {}: {}", work, ex.getMessage());
		}
	}

}
