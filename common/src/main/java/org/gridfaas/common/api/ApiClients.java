package org.gridfaas.common.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

/**
 * Makes a client of one of the platform's declared APIs ({@link ContainerManagerApi},
 * {@link CreditManagerApi}) through Spring's HTTP service proxies: one base URL, one
 * bearer token, bounded timeouts. Inside a service pass its {@code RestClient.Builder},
 * so the calls are observed like every other; elsewhere {@code RestClient.builder()}.
 */
public final class ApiClients {

	private ApiClients() {
	}

	public static <T> T create(Class<T> api, RestClient.Builder builder, URI url, String bearerToken,
			Timeouts timeouts) {
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(timeouts.connect()).build());
		requests.setReadTimeout(timeouts.read());
		RestClient client = builder.clone()
			.baseUrl(url.toString())
			.requestFactory(requests)
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + bearerToken)
			.build();
		return HttpServiceProxyFactory.builderFor(RestClientAdapter.create(client)).build().createClient(api);
	}

	/**
	 * What a refusal says, for a log line or an error message: the problem's title and
	 * detail when the service sent problem+json, else the status.
	 */
	public static String describe(RestClientResponseException refusal) {
		ProblemDetail problem = null;
		try {
			problem = refusal.getResponseBodyAs(ProblemDetail.class);
		}
		catch (RuntimeException ex) {
			// not problem+json: the status says enough
		}
		if (problem == null || problem.getTitle() == null) {
			return refusal.getStatusCode().toString();
		}
		return refusal.getStatusCode().value() + " " + problem.getTitle()
				+ ((problem.getDetail() != null) ? ": " + problem.getDetail() : "");
	}

	/**
	 * How long a client waits.
	 *
	 * @param connect to connect
	 * @param read for an answer
	 */
	public record Timeouts(Duration connect, Duration read) {

		public static Timeouts of(Duration both) {
			return new Timeouts(both, both);
		}

	}

}
