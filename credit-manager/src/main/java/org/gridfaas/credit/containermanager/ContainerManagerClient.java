package org.gridfaas.credit.containermanager;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;

import org.gridfaas.common.api.UsagePage;
import org.gridfaas.common.naming.ContainerName;
import org.gridfaas.credit.enforcement.ContainerControl;
import org.gridfaas.credit.metering.UsageSource;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * One ContainerManager over its REST API, with the admin token: its usage log for
 * metering, and its containers for enforcement.
 */
class ContainerManagerClient implements UsageSource, ContainerControl {

	private static final ParameterizedTypeReference<List<RunningContainer>> CONTAINERS = new ParameterizedTypeReference<>() {
	};

	private final URI url;

	private final RestClient client;

	ContainerManagerClient(RestClient.Builder builder, URI url, String adminToken, Duration timeout) {
		this.url = url;
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(timeout).build());
		requests.setReadTimeout(timeout);
		this.client = builder.clone()
			.baseUrl(url.toString())
			.requestFactory(requests)
			.defaultHeader("Authorization", "Bearer " + adminToken)
			.build();
	}

	@Override
	public String id() {
		return this.url.toString();
	}

	@Override
	public UsagePage after(long cursor, String log, int limit) {
		try {
			return this.client.get()
				.uri("/api/v1/usage?after={after}&log={log}&limit={limit}", cursor, (log != null) ? log : "", limit)
				.retrieve()
				.body(UsagePage.class);
		}
		catch (RestClientException ex) {
			throw new SourceUnavailableException("Cannot read the usage of " + this.url + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public List<RunningContainer> running() {
		return call("list the containers",
				() -> this.client.get().uri("/api/v1/containers").retrieve().body(CONTAINERS));
	}

	@Override
	public void restrict(ContainerName container) {
		call("restrict " + container,
				() -> this.client.put()
					.uri("/api/v1/containers/{name}/restriction", container.value())
					.retrieve()
					.toBodilessEntity());
	}

	@Override
	public void lift(ContainerName container) {
		call("lift the restriction of " + container,
				() -> this.client.delete()
					.uri("/api/v1/containers/{name}/restriction", container.value())
					.retrieve()
					.toBodilessEntity());
	}

	@Override
	public void stopAndRequeue(ContainerName container) {
		call("stop " + container,
				() -> this.client.post()
					.uri("/api/v1/containers/{name}/stop?requeue=true&reason={reason}", container.value(),
							"its owner is over the debt limit")
					.retrieve()
					.toBodilessEntity());
	}

	private <T> T call(String what, java.util.function.Supplier<T> call) {
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
