package org.gridfaas.containers.task;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warnings of the dispatcher that would otherwise repeat every round: each is logged once
 * per key until it is forgotten, when the condition it warns of ends.
 */
final class OnceWarnings {

	private static final Logger log = LoggerFactory.getLogger(TaskDispatcher.class);

	private final Set<String> warned = ConcurrentHashMap.newKeySet();

	void warn(String key, String message) {
		if (this.warned.add(key)) {
			log.warn(message);
		}
	}

	void forget(String key) {
		this.warned.remove(key);
	}

	void forgetAllOf(String keyPrefix) {
		this.warned.removeIf((key) -> key.startsWith(keyPrefix));
	}

}
