package org.gridfaas.containers.scaling.serverlesscontainers;

import java.net.URI;
import java.time.Duration;

import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.gridfaas.common.cpu.CpuShares;
import org.gridfaas.containers.scaling.Limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Orchestrator client against a test server that answers as the ServerlessContainers
 * Orchestrator does: HTTP 200 with the body {@code 201} on success, 400 or 404 with
 * {@code {"message": ...}} on error.
 */
class OrchestratorClientTests {

	static final Limits LIMITS = new Limits(CpuShares.of(400), CpuShares.of(0), CpuShares.of(25));

	MockWebServer orchestrator = new MockWebServer();

	OrchestratorClient client;

	JsonMapper json = JsonMapper.builder().build();

	@BeforeEach
	void start() throws Exception {
		this.orchestrator.start();
		this.client = new OrchestratorClient(URI.create(this.orchestrator.url("/").toString()), Duration.ofSeconds(2),
				this.json);
	}

	@AfterEach
	void stop() throws Exception {
		this.orchestrator.shutdown();
	}

	@Test
	void aContainerIsSubscribedWithItsLayoutAndJoinsItsFunctionsApp() throws Exception {
		ok();
		ok();
		this.client.subscribe("stress", "node1", LIMITS, 400);
		this.client.joinApp("stress", "stress");
		RecordedRequest layout = this.orchestrator.takeRequest();
		assertThat(layout.getMethod()).isEqualTo("PUT");
		assertThat(layout.getPath()).isEqualTo("/structure/container/stress");
		JsonNode body = this.json.readTree(layout.getBody().readUtf8());
		assertThat(body.get("host").asString()).isEqualTo("node1");
		assertThat(body.get("guard").asBoolean()).isTrue();
		JsonNode cpu = body.get("resources").get("cpu");
		assertThat(cpu.get("max").asInt()).isEqualTo(400);
		assertThat(cpu.get("min").asInt()).isZero();
		assertThat(cpu.get("current").asInt()).isEqualTo(400);
		assertThat(cpu.get("boundary").asInt()).isEqualTo(25);
		assertThat(cpu.get("guard").asBoolean()).isTrue();
		RecordedRequest join = this.orchestrator.takeRequest();
		assertThat(join.getMethod() + " " + join.getPath()).isEqualTo("PUT /structure/container/stress/stress");
	}

	@Test
	void restrictionUnguardsAndLiftingGuardsAgainAndStopUnsubscribes() throws Exception {
		ok();
		ok();
		ok();
		this.client.unguard("stress");
		this.client.guard("stress");
		this.client.unsubscribe("stress");
		assertThat(request()).isEqualTo("PUT /structure/stress/unguard");
		assertThat(request()).isEqualTo("PUT /structure/stress/guard");
		assertThat(request()).isEqualTo("DELETE /structure/container/stress");
	}

	@Test
	void anErrorCarriesTheOrchestratorsMessage() {
		this.orchestrator.enqueue(new MockResponse().setResponseCode(404)
			.setHeader("Content-Type", "application/json")
			.setBody("{\"message\": \"Structure stress not found\"}"));
		assertThatThrownBy(() -> this.client.guard("stress")).isInstanceOf(OrchestratorException.class)
			.hasMessageContaining("404")
			.hasMessageContaining("Structure stress not found");
	}

	@Test
	void a200WithoutItsUsualBodyIsNotTakenForSuccess() {
		this.orchestrator.enqueue(new MockResponse().setResponseCode(200).setBody("<html>proxy error</html>"));
		assertThatThrownBy(() -> this.client.guard("stress")).isInstanceOf(OrchestratorException.class)
			.hasMessageContaining("unexpected answer");
	}

	@Test
	void anUnreachableOrchestratorIsAClearFailure() throws Exception {
		this.orchestrator.shutdown();
		assertThatThrownBy(() -> this.client.guard("stress")).isInstanceOf(OrchestratorException.class)
			.hasMessageContaining("unreachable");
	}

	private void ok() {
		this.orchestrator.enqueue(
				new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody("201"));
	}

	private String request() throws InterruptedException {
		RecordedRequest request = this.orchestrator.takeRequest();
		return request.getMethod() + " " + request.getPath();
	}

}
