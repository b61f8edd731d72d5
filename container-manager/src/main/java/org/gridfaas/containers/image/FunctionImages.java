package org.gridfaas.containers.image;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.containers.function.Function;
import org.gridfaas.containers.function.FunctionLayout;
import org.gridfaas.containers.store.ObjectStore;
import org.gridfaas.containers.store.StoredObject;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * Function images: which image a function's next container starts from, built from its
 * definition when that changed, fetched to this node when its SIF changed. The state
 * lives in the function's bucket ({@code utils/image.json}), so every node and the API
 * see the same; builds run here, one thread each.
 */
public class FunctionImages {

	private static final Logger log = LoggerFactory.getLogger(FunctionImages.class);

	private final ObjectStore store;

	private final ImageCache cache;

	private final ImageBuilds builds;

	private final DefinitionRules rules;

	private final JsonMapper json;

	private final Clock clock;

	/** The builds running on this node, by function. */
	private final Map<FunctionName, Boolean> building = new ConcurrentHashMap<>();

	private final SimpleAsyncTaskExecutor threads = new SimpleAsyncTaskExecutor("build-");

	FunctionImages(ObjectStore store, ImageCache cache, ImageBuilds builds, DefinitionRules rules, JsonMapper json,
			Clock clock) {
		this.store = store;
		this.cache = cache;
		this.builds = builds;
		this.rules = rules;
		this.json = json;
		this.clock = clock;
		this.threads.setDaemon(true);
	}

	/**
	 * What a new container of a function starts from.
	 *
	 * @param image the verified SIF on this node; empty for a function without an image,
	 * whose tasks run on the host's system folders
	 * @param waitReason why its tasks wait instead; {@code null} when they may start
	 */
	public record StartImage(Optional<Path> image, String waitReason) {

		static StartImage of(Path image) {
			return new StartImage(Optional.of(image), null);
		}

		static StartImage waiting(String reason) {
			return new StartImage(Optional.empty(), reason);
		}

		public boolean mayStart() {
			return this.waitReason == null;
		}

	}

	/**
	 * The image the function's next container starts from, or why its tasks wait: its
	 * definition is being built, or it has a definition and no image yet because the
	 * build failed.
	 */
	public StartImage forStart(Function function) {
		FunctionName name = function.name();
		if (this.building.containsKey(name)) {
			return StartImage.waiting("its image is being built");
		}
		ImageStatus status = status(name);
		Optional<StoredObject> definition = this.store.stat(name.value(), FunctionLayout.DEFINITION);
		if (definition.isPresent() && !Objects.equals(definition.get().etag(), status.definitionEtag())) {
			buildSoon(function, definition.get());
			return StartImage.waiting("its image is being built");
		}
		Optional<StoredObject> image = this.store.stat(name.value(), FunctionLayout.image(name));
		if (image.isEmpty()) {
			return definition.isPresent() ? StartImage.waiting("its image could not be built: " + status.reason())
					: new StartImage(Optional.empty(), null);
		}
		if (!Objects.equals(image.get().etag(), status.rejectedEtag())) {
			try {
				return StartImage.of(this.cache.fetch(name, image.get()));
			}
			catch (InvalidImageException ex) {
				String reason = FunctionLayout.image(name) + " cannot be used: " + ex.getMessage();
				log.warn("The image of {} is kept as it was: {}", name, reason);
				write(name, new ImageStatus(ImageState.FAILED, "uploaded", status.definitionEtag(), image.get().etag(),
						this.clock.instant(), reason, status.buildSeconds(), status.buildCpuSeconds()));
				status = status(name);
			}
		}
		String reason = status.reason();
		return this.cache.previous(name)
			.map(StartImage::of)
			.orElseGet(() -> StartImage.waiting("its image cannot be used: " + reason));
	}

	/**
	 * Starts building the function's image if its definition changed since the last build
	 * (after a publish, say); a build under way is left to finish.
	 */
	public void buildIfChanged(Function function) {
		if (this.building.containsKey(function.name())) {
			return;
		}
		this.store.stat(function.name().value(), FunctionLayout.DEFINITION)
			.filter((definition) -> !Objects.equals(definition.etag(), status(function.name()).definitionEtag()))
			.ifPresent((definition) -> buildSoon(function, definition));
	}

	/** The function's image as its bucket records it. */
	public ImageStatus status(FunctionName function) {
		Optional<byte[]> bytes = this.store.read(function.value(), FunctionLayout.IMAGE_STATUS);
		if (bytes.isPresent()) {
			try {
				return this.json.readValue(bytes.get(), ImageStatus.class);
			}
			catch (JacksonException ex) {
				log.warn("Ignoring {}/{}: {}", function, FunctionLayout.IMAGE_STATUS, ex.getOriginalMessage());
			}
		}
		boolean uploaded = this.store.stat(function.value(), FunctionLayout.image(function)).isPresent();
		return uploaded ? new ImageStatus(ImageState.READY, "uploaded", null, null, null, null, null, null)
				: ImageStatus.none();
	}

	/**
	 * Checks a definition before it is saved.
	 * @param owner whose function it is
	 * @param owners the owner of a function, if it has one
	 * @throws InvalidDefinitionException naming the line that is wrong
	 */
	public Definition check(String definition, UserName owner,
			java.util.function.Function<FunctionName, Optional<UserName>> owners) {
		ImageBuilds.OwnerLookup withImage = ImageBuilds.withImage(this.store, owners::apply);
		return this.rules.check(definition, owner, withImage::ownerOf);
	}

	/**
	 * Why a function's pending tasks wait for its image, if they do: it is being built,
	 * its build failed with no earlier image to fall back on, or its uploaded image was
	 * refused and this node has no earlier one.
	 */
	public Optional<String> waitReason(FunctionName function) {
		ImageStatus status = status(function);
		if (status.state() == ImageState.BUILDING) {
			return Optional.of("the function's image is being built");
		}
		if (status.state() != ImageState.FAILED) {
			return Optional.empty();
		}
		Optional<StoredObject> image = this.store.stat(function.value(), FunctionLayout.image(function));
		if (image.isEmpty()) {
			return Optional.of("the function's image could not be built: " + status.reason());
		}
		boolean rejected = Objects.equals(image.get().etag(), status.rejectedEtag());
		return (rejected && this.cache.previous(function).isEmpty()) ? Optional.of(status.reason()) : Optional.empty();
	}

	/** Forgets a deleted function's images on this node. */
	public void forget(FunctionName function) {
		this.cache.forget(function);
	}

	/** Whether a build of the function runs on this node now. */
	public boolean isBuilding(FunctionName function) {
		return this.building.containsKey(function);
	}

	private void buildSoon(Function function, StoredObject definition) {
		if (this.building.putIfAbsent(function.name(), Boolean.TRUE) != null) {
			return;
		}
		ImageStatus before = status(function.name());
		write(function.name(), new ImageStatus(ImageState.BUILDING, before.source(), definition.etag(),
				before.rejectedEtag(), this.clock.instant(), null, before.buildSeconds(), before.buildCpuSeconds()));
		this.threads.execute(() -> {
			try {
				write(function.name(), this.builds.build(function, definition, before));
			}
			catch (RuntimeException ex) {
				log.error("The build of {}'s image ended unexpectedly", function.name(), ex);
				write(function.name(),
						new ImageStatus(ImageState.FAILED, before.source(), definition.etag(), before.rejectedEtag(),
								this.clock.instant(), "the build ended unexpectedly: " + ex.getMessage(),
								before.buildSeconds(), before.buildCpuSeconds()));
			}
			finally {
				this.building.remove(function.name());
			}
		});
	}

	void write(FunctionName function, ImageStatus status) {
		this.store.put(function.value(), FunctionLayout.IMAGE_STATUS, this.json.writeValueAsBytes(status));
	}

}
