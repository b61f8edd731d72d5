package org.gridfaas.containers.container;

/**
 * What happens to a running container, published for whoever follows containers (e.g. an
 * external scaler). Listeners must not block: they run on the thread that changed the
 * container.
 */
public sealed interface ContainerEvent {

	ManagedContainer container();

	/** A container started and is ready for tasks. */
	record Started(ManagedContainer container) implements ContainerEvent {
	}

	/** A container stopped. */
	record Stopped(ManagedContainer container) implements ContainerEvent {
	}

	/** CreditManager restricted a container (pinned at the floor), or lifted that. */
	record RestrictionChanged(ManagedContainer container, boolean restricted) implements ContainerEvent {
	}

}
