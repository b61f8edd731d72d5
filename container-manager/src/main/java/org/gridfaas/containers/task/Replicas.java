package org.gridfaas.containers.task;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.containers.container.ContainerPool;
import org.gridfaas.containers.container.ManagedContainer;
import org.gridfaas.containers.function.Function;
import org.gridfaas.containers.node.Worker;

/**
 * Which workers run a function: each replica is one container on one worker, and holds
 * one of the function's {@code maxReplicas} slots, a lease in the store
 * ({@code replicas/<n>.json}). Placement is simple: a worker with a backlog for a
 * function it does not run takes slot 0 if it is free, wherever it is; it takes a further
 * slot only while the CPU maxima of its replicas, the new one included, fit its
 * {@code gridfaas.node.cpu-capacity}. The slot goes back when the replica stops.
 */
class Replicas {

	private static final Logger log = LoggerFactory.getLogger(Replicas.class);

	private final TaskLeases leases;

	private final ContainerPool pool;

	private final Worker worker;

	private final Map<FunctionName, TaskLease> slots = new ConcurrentHashMap<>();

	Replicas(TaskLeases leases, ContainerPool pool, Worker worker) {
		this.leases = leases;
		this.pool = pool;
		this.worker = worker;
	}

	/**
	 * Takes a slot for a replica of the function on this worker.
	 * @return whether this worker may start one now
	 */
	boolean mayStart(Function function) {
		if (this.slots.containsKey(function.name())) {
			return true;
		}
		Optional<TaskLease> slot = this.leases.acquireReplicaSlot(function.name(), 0, 1);
		int most = function.settings().maxReplicas();
		if (slot.isEmpty() && most > 1 && fits(function)) {
			slot = this.leases.acquireReplicaSlot(function.name(), 1, most);
		}
		slot.ifPresent((lease) -> this.slots.put(function.name(), lease));
		return slot.isPresent();
	}

	/**
	 * Gives back the slots of replicas that stopped, and stops a replica whose slot
	 * another worker took over (this one missed its renewals): it would be one too many.
	 */
	void settle() {
		for (Map.Entry<FunctionName, TaskLease> entry : Map.copyOf(this.slots).entrySet()) {
			Optional<ManagedContainer> container = this.pool.get(entry.getKey());
			if (entry.getValue().lost()) {
				this.slots.remove(entry.getKey());
				container
					.ifPresent((replica) -> this.pool.stop(replica, true, "its replica slot passed to another worker"));
			}
			else if (container.isEmpty()) {
				this.slots.remove(entry.getKey());
				this.leases.release(entry.getValue());
			}
		}
	}

	/**
	 * Takes slots for the containers an earlier run left, after a restart; one that gets
	 * none is stopped, its tasks back to {@code input/}.
	 */
	void adopt(Map<FunctionName, Function> functions) {
		for (ManagedContainer container : this.pool.all()) {
			Function function = functions.get(container.function());
			Optional<TaskLease> slot = (function != null)
					? this.leases.acquireReplicaSlot(container.function(), 0, function.settings().maxReplicas())
					: Optional.empty();
			if (slot.isPresent()) {
				this.slots.put(container.function(), slot.get());
			}
			else {
				log.info("Stopping adopted container {}: every replica slot of {} is held by other workers",
						container.name(), container.function());
				this.pool.stop(container, true, "every replica slot is held by other workers");
			}
		}
	}

	private boolean fits(Function function) {
		int used = this.pool.all().stream().mapToInt((container) -> container.settings().cpuMax().value()).sum();
		return used + function.settings().cpuMax().value() <= this.worker.capacity().value();
	}

}
