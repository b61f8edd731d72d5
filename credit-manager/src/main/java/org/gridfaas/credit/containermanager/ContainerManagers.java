package org.gridfaas.credit.containermanager;

import java.util.List;

import org.gridfaas.credit.enforcement.ContainerControl;
import org.gridfaas.credit.metering.UsageSource;

/** The ContainerManagers this CreditManager bills and enforces, one client each. */
public final class ContainerManagers {

	private final List<ContainerManagerClient> clients;

	ContainerManagers(List<ContainerManagerClient> clients) {
		this.clients = List.copyOf(clients);
	}

	public List<UsageSource> usageSources() {
		return List.copyOf(this.clients);
	}

	public List<ContainerControl> controls() {
		return List.copyOf(this.clients);
	}

}
