package org.gridfaas.containers.account.creditmanager;

import org.gridfaas.common.api.CreditManagerApi;
import org.gridfaas.common.api.WorkerHeartbeat;
import org.gridfaas.containers.node.Worker;
import org.gridfaas.containers.node.WorkerRegistry;

/** Heartbeats to CreditManager's worker registry, with the admin token. */
class CreditManagerWorkerRegistry implements WorkerRegistry {

	private final CreditManagerApi creditManager;

	CreditManagerWorkerRegistry(CreditManagerApi creditManager) {
		this.creditManager = creditManager;
	}

	@Override
	public void heartbeat(Worker worker) {
		this.creditManager.heartbeat(worker.name(), new WorkerHeartbeat(worker.url(), worker.capacity().value()));
	}

}
