package org.gridfaas.containers.function;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.gridfaas.common.InvalidValueException;
import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.containers.store.ObjectStore;
import org.gridfaas.containers.store.StoredObject;
import org.springframework.stereotype.Repository;

/**
 * Functions in the object store. A function is any bucket that holds
 * {@code utils/process_task.sh}, whether made through the API or by hand with {@code mc};
 * its owner and settings come from {@code utils/function.json}, then
 * {@code utils/owner.txt} and {@code utils/timeout.txt} (the prototype's file), then the
 * defaults.
 */
@Repository
public class FunctionRepository {

	private static final Logger log = LoggerFactory.getLogger(FunctionRepository.class);

	private final ObjectStore store;

	private final JsonMapper json;

	private final FunctionDefaults defaults;

	private final FunctionLimits limits;

	private final NetworkGrants network;

	FunctionRepository(ObjectStore store, JsonMapper json, FunctionDefaults defaults, FunctionLimits limits,
			NetworkGrants network) {
		this.limits = limits;
		this.network = network;
		this.store = store;
		this.json = json;
		this.defaults = defaults;
	}

	/** Every function in the store, by name. */
	public List<Function> findAll() {
		List<Function> functions = new ArrayList<>();
		for (String bucket : this.store.listBuckets()) {
			parseName(bucket).flatMap(this::find).ifPresent(functions::add);
		}
		return functions;
	}

	/** The function, if its bucket exists and holds a task script. */
	public Optional<Function> find(FunctionName name) {
		if (!this.store.bucketExists(name.value()) || this.store.stat(name.value(), FunctionLayout.SCRIPT).isEmpty()) {
			return Optional.empty();
		}
		Optional<Descriptor> descriptor = readDescriptor(name);
		UserName owner = descriptor.map(Descriptor::owner).or(() -> readOwnerFile(name)).orElse(null);
		FunctionSettings settings = this.defaults.settings();
		try {
			Optional<Duration> timeoutFile = readTimeoutFile(name);
			if (timeoutFile.isPresent()) {
				settings = settings.withIdleTimeout(timeoutFile.get());
			}
			if (descriptor.isPresent() && descriptor.get().settings() != null) {
				settings = descriptor.get().settings().over(settings);
			}
			this.limits.check(settings);
		}
		catch (InvalidValueException ex) {
			// A descriptor written by hand; the API refuses such settings.
			log.warn("Function {} is not run until its {} is fixed: {}", name, FunctionLayout.DESCRIPTOR,
					ex.getMessage());
			return Optional.empty();
		}
		return Optional.of(new Function(name, owner, settings, this.network.of(name)));
	}

	/**
	 * Creates or replaces a function: its bucket layout, script, descriptor and
	 * definition.
	 */
	public void save(Function function, byte[] script, String definition) {
		String bucket = function.name().value();
		this.store.createBucket(bucket);
		if (script != null) {
			this.store.put(bucket, FunctionLayout.SCRIPT, script);
		}
		if (definition != null) {
			this.store.put(bucket, FunctionLayout.DEFINITION, definition.getBytes(StandardCharsets.UTF_8));
		}
		Descriptor descriptor = new Descriptor(function.owner(), SettingsDocument.of(function.settings()));
		this.store.put(bucket, FunctionLayout.DESCRIPTOR, this.json.writeValueAsBytes(descriptor));
		// The descriptor's idle timeout wins; keep the prototype's file in step for mc
		// users.
		this.store.put(bucket, FunctionLayout.TIMEOUT,
				(function.settings().idleTimeout().toSeconds() + "\n").getBytes(StandardCharsets.US_ASCII));
	}

	/** Deletes a function: every object in its bucket, then the bucket. */
	public void delete(FunctionName name) {
		for (StoredObject object : this.store.list(name.value(), "")) {
			this.store.delete(name.value(), object.key());
		}
		this.store.deleteBucket(name.value());
	}

	private Optional<Descriptor> readDescriptor(FunctionName name) {
		return this.store.read(name.value(), FunctionLayout.DESCRIPTOR).flatMap((bytes) -> {
			try {
				return Optional.of(this.json.readValue(bytes, Descriptor.class));
			}
			catch (JacksonException | InvalidValueException ex) {
				log.warn("Ignoring {}/{}: {}", name, FunctionLayout.DESCRIPTOR, ex.getMessage());
				return Optional.empty();
			}
		});
	}

	private Optional<UserName> readOwnerFile(FunctionName name) {
		return this.store.read(name.value(), FunctionLayout.OWNER).flatMap((bytes) -> {
			try {
				return Optional.of(UserName.of(new String(bytes, StandardCharsets.UTF_8).strip()));
			}
			catch (InvalidValueException ex) {
				log.warn("Ignoring {}/{}: {}", name, FunctionLayout.OWNER, ex.getMessage());
				return Optional.empty();
			}
		});
	}

	/**
	 * The prototype's idle timeout file: whole seconds; anything else falls back to the
	 * default.
	 */
	private Optional<Duration> readTimeoutFile(FunctionName name) {
		return this.store.read(name.value(), FunctionLayout.TIMEOUT).flatMap((bytes) -> {
			String text = new String(bytes, StandardCharsets.UTF_8).strip();
			try {
				long seconds = Long.parseLong(text);
				if (seconds > 0) {
					return Optional.of(Duration.ofSeconds(seconds));
				}
			}
			catch (NumberFormatException ex) {
				// reported below
			}
			log.warn("Malformed {}/{} ({} characters, not a positive whole number of seconds); using the default {}",
					name, FunctionLayout.TIMEOUT, text.length(), this.defaults.idleTimeout());
			return Optional.empty();
		});
	}

	private static Optional<FunctionName> parseName(String bucket) {
		try {
			return Optional.of(FunctionName.of(bucket));
		}
		catch (InvalidValueException ex) {
			return Optional.empty();
		}
	}

	/**
	 * The content of {@code utils/function.json}.
	 *
	 * @param owner the owner
	 * @param settings every setting
	 */
	record Descriptor(UserName owner, SettingsDocument settings) {
	}

}
