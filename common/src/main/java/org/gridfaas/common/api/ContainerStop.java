package org.gridfaas.common.api;

import java.util.List;

import org.gridfaas.common.naming.ContainerName;

/**
 * The answer to {@code POST /api/v1/containers/{name}/stop?requeue=true}.
 *
 * @param container the container
 * @param stopped whether the container was running and is now stopped
 * @param requeuedTasks the tasks that were running and went back to {@code input/}
 */
public record ContainerStop(ContainerName container, boolean stopped, List<String> requeuedTasks) {

	/**
	 * The reason CreditManager gives when it stops a container whose owner is past the
	 * debt limit.
	 */
	public static final String OVER_DEBT_LIMIT = "its owner is over the debt limit";

	public ContainerStop {
		requeuedTasks = List.copyOf(requeuedTasks);
	}

}
