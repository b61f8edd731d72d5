package org.gridfaas.containers.function;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.common.security.ApiPrincipal;
import org.gridfaas.common.web.ApiException;
import org.gridfaas.common.web.ConflictException;
import org.gridfaas.common.web.ForbiddenException;
import org.gridfaas.common.web.NotFoundException;
import org.gridfaas.common.web.ProblemType;
import org.gridfaas.containers.image.Definition;
import org.gridfaas.containers.image.FunctionImages;
import org.gridfaas.containers.image.ImageState;
import org.gridfaas.containers.image.ImageStatus;
import org.gridfaas.containers.store.ObjectStore;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Publishing functions: {@code /api/v1/functions}. A user publishes functions it owns;
 * the admin publishes for anyone. Publishing creates the bucket layout, so tasks can be
 * dropped under {@code input/} right away.
 */
@RestController
@RequestMapping("/api/v1/functions")
class FunctionController {

	/** A task script is a small bash file; anything bigger is a mistake. */
	static final int MAX_SCRIPT_BYTES = 1024 * 1024;

	private final FunctionRepository functions;

	private final FunctionAccess access;

	private final FunctionDefaults defaults;

	private final FunctionLimits limits;

	private final NetworkGrants network;

	private final ApplicationEventPublisher events;

	private final FunctionImages images;

	private final ObjectStore store;

	FunctionController(FunctionRepository functions, FunctionAccess access, FunctionDefaults defaults,
			FunctionLimits limits, NetworkGrants network, ApplicationEventPublisher events, FunctionImages images,
			ObjectStore store) {
		this.images = images;
		this.store = store;
		this.limits = limits;
		this.network = network;
		this.functions = functions;
		this.access = access;
		this.defaults = defaults;
		this.events = events;
	}

	@GetMapping
	List<FunctionView> list(@AuthenticationPrincipal ApiPrincipal caller) {
		return this.functions.findAll()
			.stream()
			.filter((function) -> caller.isAdmin() || (function.owner() != null && caller.mayActFor(function.owner())))
			.map(this::view)
			.toList();
	}

	@GetMapping("/{function}")
	FunctionView get(@PathVariable FunctionName function, @AuthenticationPrincipal ApiPrincipal caller) {
		return view(this.access.require(function, caller));
	}

	/** The function's image: its state, and why the latest build or upload failed. */
	@GetMapping("/{function}/image")
	ImageView image(@PathVariable FunctionName function, @AuthenticationPrincipal ApiPrincipal caller) {
		return ImageView.of(this.images.status(this.access.require(function, caller).name()));
	}

	/** The output of the function's latest image build ({@code logs/build.txt}). */
	@GetMapping(path = "/{function}/image/log", produces = MediaType.TEXT_PLAIN_VALUE)
	ResponseEntity<byte[]> buildLog(@PathVariable FunctionName function, @AuthenticationPrincipal ApiPrincipal caller) {
		this.access.require(function, caller);
		byte[] log = NotFoundException.throwIfNotFound(this.store.read(function.value(), FunctionLayout.BUILD_LOG),
				"Function " + function + " has no build log: no image was built from its definition yet");
		return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(log);
	}

	/** Publishes a new function (201); 409 when one with the name exists. */
	@PostMapping
	ResponseEntity<FunctionView> create(@Valid @RequestBody NewFunction request,
			@AuthenticationPrincipal ApiPrincipal caller) {
		UserName owner = ownerFor(request.owner(), caller);
		if (this.functions.find(request.name()).isPresent()) {
			throw new ConflictException("Function " + request.name() + " exists already; PUT to change it");
		}
		FunctionSettings settings = this.limits.check((request.settings() != null)
				? request.settings().over(this.defaults.settings()) : this.defaults.settings());
		Function function = new Function(request.name(), owner, settings, this.network.of(request.name()));
		checkDefinition(request.definition(), owner);
		this.functions.save(function, request.script().getBytes(StandardCharsets.UTF_8), request.definition());
		this.images.buildIfChanged(function);
		this.events.publishEvent(new FunctionsChanged(function.name()));
		return ResponseEntity.created(URI.create("/api/v1/functions/" + function.name())).body(view(function));
	}

	/** Changes a function's script, definition, settings or (admin only) owner. */
	@PutMapping("/{function}")
	FunctionView update(@PathVariable FunctionName function, @Valid @RequestBody FunctionChange request,
			@AuthenticationPrincipal ApiPrincipal caller) {
		Function current = this.access.require(function, caller);
		UserName owner = current.owner();
		if (request.owner() != null && !request.owner().equals(owner)) {
			if (!caller.isAdmin()) {
				throw new ForbiddenException("Only the admin may give a function to another user");
			}
			owner = request.owner();
		}
		FunctionSettings settings = this.limits
			.check((request.settings() != null) ? request.settings().over(current.settings()) : current.settings());
		Function changed = new Function(function, owner, settings, current.network());
		checkDefinition(request.definition(), owner);
		byte[] script = (request.script() != null) ? request.script().getBytes(StandardCharsets.UTF_8) : null;
		this.functions.save(changed, script, request.definition());
		this.images.buildIfChanged(changed);
		this.events.publishEvent(new FunctionsChanged(function));
		return view(changed);
	}

	/** Deletes a function with everything in its bucket. */
	@DeleteMapping("/{function}")
	ResponseEntity<Void> delete(@PathVariable FunctionName function, @AuthenticationPrincipal ApiPrincipal caller) {
		this.access.require(function, caller);
		this.functions.delete(function);
		this.images.forget(function);
		this.events.publishEvent(new FunctionsChanged(function));
		return ResponseEntity.noContent().build();
	}

	/** A definition is checked before it is saved: a 400 names the line that is wrong. */
	private void checkDefinition(String definition, UserName owner) {
		if (definition != null) {
			this.images.check(definition, owner, (base) -> this.functions.find(base).flatMap(Function::ownerIfKnown));
		}
	}

	private FunctionView view(Function function) {
		return FunctionView.of(function, this.images.status(function.name()));
	}

	private static UserName ownerFor(UserName requested, ApiPrincipal caller) {
		if (caller.isAdmin()) {
			if (requested == null) {
				throw new MissingOwnerException();
			}
			return requested;
		}
		if (requested != null && !caller.mayActFor(requested)) {
			throw new ForbiddenException("A user publishes functions for itself only");
		}
		return caller.user();
	}

	/** The admin must say whose function it publishes. */
	static class MissingOwnerException extends ApiException {

		MissingOwnerException() {
			super(HttpStatus.BAD_REQUEST, ProblemType.INVALID_INPUT, "owner: the admin must name the function's owner");
		}

	}

	/**
	 * The body of {@code POST /api/v1/functions}.
	 *
	 * @param name the function, also its bucket
	 * @param owner who pays for it; a user's own name by default, required from the admin
	 * @param script the task script, run as {@code bash process_task.sh <task> <outdir>}
	 * @param definition the Apptainer definition ({@code .def}), kept beside the image
	 * @param settings settings that differ from the defaults
	 */
	record NewFunction(@NotNull FunctionName name, UserName owner,
			@NotNull @Size(min = 1, max = MAX_SCRIPT_BYTES) String script,
			@Size(max = Definition.MAX_BYTES) String definition, SettingsDocument settings) {
	}

	/**
	 * The body of {@code PUT /api/v1/functions/{function}}; every field optional.
	 *
	 * @param owner a new owner (admin only)
	 * @param script a new task script
	 * @param definition a new Apptainer definition
	 * @param settings settings to change
	 */
	record FunctionChange(UserName owner, @Size(min = 1, max = MAX_SCRIPT_BYTES) String script,
			@Size(max = Definition.MAX_BYTES) String definition, SettingsDocument settings) {
	}

	/**
	 * A function as the API shows it.
	 *
	 * @param name the function
	 * @param owner its owner, or {@code null} when the bucket names none
	 * @param settings all its settings
	 * @param runnable whether its tasks can run (it has an owner to bill)
	 * @param network {@code none} or {@code egress}: what the provider granted, not a
	 * setting
	 * @param image its image
	 */
	record FunctionView(FunctionName name, UserName owner, SettingsDocument settings, boolean runnable, String network,
			ImageView image) {

		static FunctionView of(Function function, ImageStatus image) {
			return new FunctionView(function.name(), function.owner(), SettingsDocument.of(function.settings()),
					function.owner() != null, function.network().name().toLowerCase(java.util.Locale.ROOT),
					ImageView.of(image));
		}

	}

	/**
	 * A function's image as the API shows it.
	 *
	 * @param state {@code none}, {@code building}, {@code ready} or {@code failed}
	 * @param source {@code built} from the definition or {@code uploaded} as a SIF
	 * @param reason why the latest build or upload failed
	 * @param updatedAt when the state last changed
	 * @param buildSeconds how long the latest build took
	 * @param buildCpuSeconds the CPU it used, billed to the owner
	 * @param buildLog where its output is, also at {@code GET .../image/log}
	 */
	record ImageView(ImageState state, String source, String reason, java.time.Instant updatedAt, Long buildSeconds,
			Double buildCpuSeconds, String buildLog) {

		static ImageView of(ImageStatus status) {
			return new ImageView(status.state(), status.source(), status.reason(), status.updatedAt(),
					status.buildSeconds(), status.buildCpuSeconds(),
					(status.buildSeconds() != null) ? FunctionLayout.BUILD_LOG : null);
		}

	}

}
