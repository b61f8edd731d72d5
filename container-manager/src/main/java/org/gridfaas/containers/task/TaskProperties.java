package org.gridfaas.containers.task;

import java.time.Duration;

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
 */
@ConfigurationProperties("gridfaas.tasks")
public record TaskProperties(@DefaultValue("1s") Duration pollInterval, @DefaultValue("5s") Duration functionsRefresh,
		@DefaultValue("30s") Duration recoveryInterval, @DefaultValue("8MB") DataSize maxLogSize) {
}
