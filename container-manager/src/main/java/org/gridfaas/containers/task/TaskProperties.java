package org.gridfaas.containers.task;

import java.time.Duration;
import java.util.List;

import org.gridfaas.common.naming.FunctionName;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How tasks are dispatched.
 *
 * @param pollInterval how often every function's {@code input/} is looked at; a task
 * submitted through the API is dispatched at once regardless
 * @param functionsRefresh how often the list of functions is read again from the store
 * @param recoveryInterval how often {@code processing/} is checked for tasks no live
 * execution owns
 * @param maxLogSize the most of a task's output that is filed (the end of it is kept)
 * @param leaseDuration how long a worker's claim on a task lasts unless renewed; a task
 * whose worker died runs elsewhere this long after its last renewal, plus a poll
 * @param serve the functions this node runs, by name or by a prefix ending in {@code *};
 * empty for all. Only a placement filter: the task leases keep workers that share a store
 * from running one task twice
 */
@ConfigurationProperties("gridfaas.tasks")
public record TaskProperties(@DefaultValue("1s") Duration pollInterval, @DefaultValue("5s") Duration functionsRefresh,
		@DefaultValue("30s") Duration recoveryInterval, @DefaultValue("8MB") DataSize maxLogSize,
		@DefaultValue("30s") Duration leaseDuration, @DefaultValue( {
		}) List<String> serve){

	public TaskProperties {
		if (leaseDuration.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new IllegalArgumentException("gridfaas.tasks.lease-duration must be at least 1s");
		}
		serve = List.copyOf(serve);
		for (String pattern : serve) {
			String name = pattern.endsWith("*") ? pattern.substring(0, pattern.length() - 1) : pattern;
			if (!name.isEmpty() && !name.matches("[a-z0-9-]+")) {
				throw new IllegalArgumentException("gridfaas.tasks.serve: '" + pattern
						+ "' is not a function name, or a prefix of one followed by *");
			}
		}
	}

	/** Whether this node runs the function's tasks. */
	public boolean serves(FunctionName function) {
		return this.serve.isEmpty() || this.serve.stream()
			.anyMatch((pattern) -> pattern.endsWith("*")
					? function.value().startsWith(pattern.substring(0, pattern.length() - 1))
					: function.value().equals(pattern));
	}

}
