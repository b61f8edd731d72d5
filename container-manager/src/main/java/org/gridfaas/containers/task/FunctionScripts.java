package org.gridfaas.containers.task;

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.containers.function.FunctionLayout;
import org.gridfaas.containers.function.FunctionsChanged;
import org.gridfaas.containers.store.ObjectStore;
import org.springframework.context.event.EventListener;

/**
 * Each function's {@code process_task.sh}, read from its bucket at most once per
 * functions refresh, as its settings are, rather than once per task. A script published
 * through the API counts at once; one written straight to the bucket by the next refresh.
 */
class FunctionScripts {

	/**
	 * Scripts held in memory at most, in bytes; one larger than this is read each time.
	 */
	private static final long MAX_HELD_BYTES = 64L * 1024 * 1024;

	private final ObjectStore store;

	private final Cache<FunctionName, Optional<byte[]>> scripts;

	FunctionScripts(ObjectStore store, Duration refresh) {
		this.store = store;
		this.scripts = Caffeine.newBuilder()
			.expireAfterWrite(refresh)
			.maximumWeight(MAX_HELD_BYTES)
			.<FunctionName, Optional<byte[]>>weigher(
					(function, script) -> 64 + script.map((bytes) -> bytes.length).orElse(0))
			.build();
	}

	/** The function's script, if it has one; throws when the store cannot be read. */
	Optional<byte[]> of(FunctionName function) {
		return this.scripts.get(function, (name) -> this.store.read(name.value(), FunctionLayout.SCRIPT));
	}

	@EventListener(FunctionsChanged.class)
	void functionChanged(FunctionsChanged event) {
		this.scripts.invalidate(event.function());
	}

}
