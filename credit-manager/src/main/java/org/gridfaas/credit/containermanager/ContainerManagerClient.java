package org.gridfaas.credit.containermanager;

import java.net.URI;
import java.util.List;
import java.util.function.Supplier;

import org.gridfaas.common.api.ApiClients;
import org.gridfaas.common.api.ContainerManagerApi;
import org.gridfaas.common.api.ContainerStop;
import org.gridfaas.common.api.UsageAcknowledgement;
import org.gridfaas.common.api.UsagePage;
import org.gridfaas.common.naming.ContainerName;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.credit.enforcement.ContainerControl;
import org.gridfaas.credit.metering.UsageSource;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * One ContainerManager over its REST API, with the admin token: its usage log for
 * metering, and its containers for enforcement. Nothing is retried here: a failed read
 * waits for the next cycle, which reads from the same cursor.
 */
class ContainerManagerClient implements UsageSource, ContainerControl {

	private final URI url;

	private final ContainerManagerApi containerManager;

	ContainerManagerClient(RestClient.Builder builder, URI url, String adminToken, ApiClients.Timeouts timeouts) {
		this.url = url;
		this.containerManager = ApiClients.create(ContainerManagerApi.class, builder, url, adminToken, timeouts);
	}

	@Override
	public String id() {
		return this.url.toString();
	}

	@Override
	public UsagePage after(long cursor, String log, int limit) {
		try {
			return this.containerManager.usage(cursor, (log != null) ? log : "", limit);
		}
		catch (RestClientException ex) {
			throw new SourceUnavailableException("Cannot read the usage of " + this.url + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public void acknowledge(String log, long cursor) {
		try {
			this.containerManager.acknowledgeUsage(new UsageAcknowledgement(log, cursor));
		}
		catch (HttpClientErrorException.Conflict ex) {
			// Its log is not the one the cursor came from: the next page says which is.
		}
		catch (RestClientException ex) {
			throw new SourceUnavailableException("Cannot acknowledge the usage of " + this.url + ": " + ex.getMessage(),
					ex);
		}
	}

	@Override
	public List<RunningContainer> running() {
		return call("list the containers",
				() -> this.containerManager.containers()
					.stream()
					.map((container) -> new RunningContainer(container.name(), UserName.of(container.owner()),
							container.restricted()))
					.toList());
	}

	@Override
	public void restrict(ContainerName container) {
		call("restrict " + container, () -> this.containerManager.restrict(container.value()));
	}

	@Override
	public void lift(ContainerName container) {
		call("lift the restriction of " + container, () -> this.containerManager.lift(container.value()));
	}

	@Override
	public void stopAndRequeue(ContainerName container) {
		call("stop " + container,
				() -> this.containerManager.stop(container.value(), true, ContainerStop.OVER_DEBT_LIMIT));
	}

	private <T> T call(String what, Supplier<T> call) {
		try {
			return call.get();
		}
		catch (RestClientException ex) {
			throw new ControlUnavailableException("Cannot " + what + " on " + this.url + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public String toString() {
		return "ContainerManager at " + this.url;
	}

}
