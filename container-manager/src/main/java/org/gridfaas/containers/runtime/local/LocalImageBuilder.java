package org.gridfaas.containers.runtime.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.gridfaas.containers.cgroup.Cgroups;
import org.gridfaas.containers.cgroup.CpuCgroup;
import org.gridfaas.containers.image.Definition;
import org.gridfaas.containers.image.DefinitionRules;
import org.gridfaas.containers.image.FileCopies;
import org.gridfaas.containers.image.ImageBuilder;
import org.gridfaas.containers.image.ImageSkeleton;
import org.gridfaas.containers.image.SifAssembler;
import org.gridfaas.containers.image.SifFile;
import org.gridfaas.containers.runtime.Mounts;
import org.gridfaas.containers.runtime.TenantFolders;
import org.gridfaas.containers.runtime.TenantIds;
import org.gridfaas.containers.runtime.TenantIds.TenantId;

/**
 * Builds images on this node with Debian's tools. The root grows in a tmpfs of the size
 * limit, so no build fills the disk; debootstrap (from the provider's mirror and suites)
 * and squashfs-tools run on the host; {@code %files} copies from staging; {@code %post}
 * runs in the task {@link Sandbox} as the owner's tenant, root inside the new root. Every
 * step runs in the build's own cgroup, whose CPU is what the owner is billed.
 */
class LocalImageBuilder implements ImageBuilder {

	private static final Logger log = LoggerFactory.getLogger(LocalImageBuilder.class);

	private final Optional<Cgroups> cgroups;

	private final Sandbox sandbox;

	private final TenantIds tenants;

	private final TenantFolders folders;

	private final long tmpBytes;

	private final JsonMapper json;

	LocalImageBuilder(Optional<Cgroups> cgroups, Sandbox sandbox, TenantIds tenants, long tmpBytes, JsonMapper json) {
		this.cgroups = cgroups;
		this.sandbox = sandbox;
		this.tenants = tenants;
		this.folders = TenantFolders.ofThisService(tenants.sandboxGroup());
		this.tmpBytes = tmpBytes;
		this.json = json;
	}

	@Override
	public Duration build(BuildRequest request) {
		if (!this.folders.separatesTenants()) {
			throw new ImageBuildException("images are built by a ContainerManager that runs as root only");
		}
		Instant deadline = Instant.now().plus(request.timeout());
		Path root = request.folder().resolve("root");
		TenantId tenant = this.tenants.of(request.owner());
		Optional<CpuCgroup> group = this.cgroups
			.map((found) -> found.create(request.function().value() + "_build", request.limits()));
		group.ifPresent((found) -> found.setLimit(request.cpu()));
		List<String> prefix = group.map(CpuCgroup::joinCommand).orElse(List.of());
		try {
			steps(request, root, tenant, prefix, deadline);
		}
		catch (ImageBuildException ex) {
			ImageBuildException failure = full(root) ? new ImageBuildException("the image grew past its size limit of "
					+ request.maxBytes() / (1024 * 1024) + " MB (" + ex.getMessage() + ")") : ex;
			throw failure.afterUsing(finish(request, group));
		}
		catch (RuntimeException ex) {
			finish(request, group);
			throw ex;
		}
		Duration used = finish(request, group);
		log.info("Built the image of {} in the sandbox of {}: {} s of CPU", request.function(), request.owner(),
				used.toMillis() / 1000.0);
		return used;
	}

	private void steps(BuildRequest request, Path root, TenantId tenant, List<String> prefix, Instant deadline) {
		try {
			Files.createDirectories(root);
			this.folders.passableBySandboxes(request.folder());
			Mounts.tmpfs(root, request.maxBytes(), "mode=0755", true);
			note(request.log(), "bootstrap: " + request.definition().bootstrap().name().toLowerCase());
			bootstrap(request, root, prefix, deadline);
			note(request.log(), "%files: " + request.definition().files().size() + " line(s)");
			FileCopies.copy(request.definition().files(), request.staging(), root);
			ImageSkeleton.mountPoints(root);
			Optional<String> post = request.definition().section("post");
			if (post.isPresent()) {
				note(request.log(), "%post, as root in the sandbox");
				runPost(request, root, tenant, prefix, post.get(), deadline);
			}
			ImageSkeleton.write(root, request.definition(), this.json);
			// No set-uid file of an owner's becomes root's in the image.
			SifAssembler.step("clearing set-uid bits", List.of(), List.of("find", root.toString(), "-xdev", "-type",
					"f", "-perm", "/6000", "-exec", "chmod", "ug-s", "{}", "+"), request.log(), deadline);
			note(request.log(), "squashfs and SIF");
			SifFile sif = SifAssembler.assemble(root, request.definition().text(), request.folder(), request.target(),
					prefix, request.log(), deadline);
			note(request.log(), "done: " + sif.partitionSize() + " bytes of squashfs");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Whether the root's tmpfs is (nearly) full: what made the step fail, then. */
	private static boolean full(Path root) {
		try {
			java.nio.file.FileStore store = Files.getFileStore(root);
			return Mounts.mounted(root) && store.getUsableSpace() < Math.max(store.getTotalSpace() / 100, 64 * 1024);
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** Unmounts what the build mounted and removes its cgroup: the CPU it used. */
	private static Duration finish(BuildRequest request, Optional<CpuCgroup> group) {
		Mounts.unmount(request.folder().resolve("base"));
		Mounts.unmount(request.folder().resolve("root"));
		return group.map(CpuCgroup::destroy).orElse(Duration.ZERO);
	}

	private void bootstrap(BuildRequest request, Path root, List<String> prefix, Instant deadline) throws IOException {
		Definition definition = request.definition();
		switch (definition.bootstrap()) {
			case DEBOOTSTRAP -> {
				List<String> command = new ArrayList<>(List.of("debootstrap", "--variant=minbase"));
				List<String> packages = DefinitionRules.packages(definition);
				if (!packages.isEmpty()) {
					command.add("--include=" + String.join(",", packages));
				}
				command
					.addAll(List.of(definition.header("osversion").orElseThrow(), root.toString(), request.mirror()));
				SifAssembler.step("debootstrap", prefix, command, request.log(), deadline);
			}
			case LOCALIMAGE -> {
				Path image = request.base().orElseThrow(() -> new ImageBuildException("the From: image is missing"));
				SifFile base = SifFile.read(image);
				Path mount = Files.createDirectories(request.folder().resolve("base"));
				Mounts.squashfs(image, base.partitionOffset(), base.partitionSize(), mount);
				SifAssembler.step("copying the From: image", prefix,
						List.of("cp", "-a", "--", mount + "/.", root.toString()), request.log(), deadline);
			}
			case SCRATCH -> {
			}
		}
	}

	private void runPost(BuildRequest request, Path root, TenantId tenant, List<String> prefix, String script,
			Instant deadline) {
		if (!Files.isExecutable(root.resolve("bin/sh")) && !Files.isSymbolicLink(root.resolve("bin/sh"))) {
			throw new ImageBuildException("%post needs /bin/sh in the image, and it has none");
		}
		// The new root becomes the tenant's: uid 0 inside is the tenant's uid outside.
		SifAssembler.step("handing the root to the owner", List.of(),
				List.of("chown", "-R", "-P", tenant.uid() + ":" + tenant.uid(), root.toString()), request.log(),
				deadline);
		Optional<Path> staging = Optional.of(request.staging()).filter(Files::isDirectory);
		staging.ifPresent((folder) -> this.folders.handTo(folder, tenant));
		SifAssembler.step("%post", prefix, this.sandbox.wrapBuild(Optional.of(tenant), root, staging, this.tmpBytes,
				request.network(), List.of("/bin/sh", "-e", "-c", script)), request.log(), deadline);
	}

	private static void note(Path log, String step) throws IOException {
		Files.writeString(log, "== " + Instant.now() + " " + step + "\n", StandardCharsets.UTF_8,
				StandardOpenOption.CREATE, StandardOpenOption.APPEND);
	}

}
