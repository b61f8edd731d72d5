package org.gridfaas.credit.containermanager;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.gridfaas.credit.BillingCycle;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker registry on the whole service: ContainerManagers that beat are billed with
 * no seed list, a silent one shows in health and metrics and is billed exactly once when
 * it comes back. The ContainerManager is a fake on the wire: a usage log of readings.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WorkerRegistryTests {

	private static final String ALICE = "alice-token-0123456789";

	@TempDir
	static Path home;

	static MockWebServer worker;

	/** The fake worker's usage log; each reading adds 2 CPU-seconds. */
	static final List<String> readings = new CopyOnWriteArrayList<>();

	@BeforeAll
	static void startWorker() throws Exception {
		worker = new MockWebServer();
		worker.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				String path = request.getRequestUrl().encodedPath();
				if (path.equals("/api/v1/usage")) {
					long after = Long.parseLong(request.getRequestUrl().queryParameter("after"));
					StringBuilder records = new StringBuilder();
					for (int seq = (int) after + 1; seq <= readings.size(); seq++) {
						records.append(records.isEmpty() ? "" : ",").append(readings.get(seq - 1));
					}
					return json("{\"records\":[" + records + "],\"cursor\":" + readings.size()
							+ ",\"more\":false,\"log\":\"log-1\"}");
				}
				if (path.equals("/api/v1/usage/acknowledged")) {
					return new MockResponse().setResponseCode(204);
				}
				if (path.equals("/api/v1/containers")) {
					return json("[]");
				}
				return new MockResponse().setResponseCode(404);
			}
		});
		worker.start();
	}

	@AfterAll
	static void stopWorker() throws Exception {
		worker.shutdown();
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("gridfaas.home", () -> home.toAbsolutePath().toString());
		registry.add("gridfaas.security.user-tokens.alice", () -> ALICE);
		// Cycles run when the test says so; no seed list.
		registry.add("gridfaas.metering.enabled", () -> "false");
		registry.add("gridfaas.metering.period", () -> "1s");
		registry.add("gridfaas.metering.silent-after-periods", () -> "2");
		registry.add("gridfaas.metering.noise-threshold", () -> "0s");
	}

	@Autowired
	BillingCycle billingCycle;

	@Autowired
	JdbcTemplate jdbc;

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void aWorkerThatBeatsIsBilledAndOneThatFallsSilentIsBilledOnceWhenItComesBack() throws Exception {
		send("PUT", "/api/v1/accounts/alice", admin(), "{}");
		String url = "http://127.0.0.1:" + worker.getPort();
		HttpResponse<String> registered = send("PUT", "/api/v1/workers/worker-1", admin(),
				"{\"url\": \"" + url + "\", \"cpuCapacity\": 200}");
		assertThat(registered.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(registered.body()).get("silent").asBoolean()).isFalse();

		reading(1, "2");
		this.billingCycle.run();
		assertThat(measured()).isEqualByComparingTo("2");

		// Two periods without a beat: silent, left out of the cycle.
		Thread.sleep(2200);
		JsonNode health = this.json.readTree(send("GET", "/actuator/health", admin(), null).body());
		assertThat(health.at("/components/workers/details/silent").toString()).contains("worker-1");
		assertThat(send("GET", "/actuator/prometheus", admin(), null).body())
			.contains("gridfaas_workers{state=\"silent\"} 1.0");
		reading(2, "4");
		int requestsBefore = worker.getRequestCount();
		this.billingCycle.run();
		assertThat(worker.getRequestCount()).as("calls to a silent worker").isEqualTo(requestsBefore);
		assertThat(measured()).isEqualByComparingTo("2");

		// Back: read on from its cursor, so the usage it kept is billed, once.
		send("PUT", "/api/v1/workers/worker-1", admin(), "{\"url\": \"" + url + "\", \"cpuCapacity\": 200}");
		this.billingCycle.run();
		this.billingCycle.run();
		assertThat(measured()).isEqualByComparingTo("4");
		assertThat(send("GET", "/actuator/prometheus", admin(), null).body())
			.contains("gridfaas_workers{state=\"live\"} 1.0");
	}

	@Test
	void onlyTheAdminRegistersAndBadHeartbeatsAre400ProblemJson() throws Exception {
		String good = "{\"url\": \"http://10.0.0.7:8080\", \"cpuCapacity\": 200}";
		assertThat(send("PUT", "/api/v1/workers/w", ALICE, good).statusCode()).isEqualTo(403);
		assertThat(send("GET", "/api/v1/workers", ALICE, null).statusCode()).isEqualTo(403);
		assertThat(send("PUT", "/api/v1/workers/w", null, good).statusCode()).isEqualTo(401);
		for (String[] bad : new String[][] { { "-w", good }, { "w", "{\"url\": \"file:///etc\", \"cpuCapacity\": 2}" },
				{ "w", "{\"url\": \"http://user:pw@host:1\", \"cpuCapacity\": 2}" },
				{ "w", "{\"url\": \"http://host:1/?q=1\", \"cpuCapacity\": 2}" },
				{ "w", "{\"url\": \"http://host:1\", \"cpuCapacity\": 0}" }, { "w", "{\"url\": 5}" },
				{ "w", "not json" } }) {
			HttpResponse<String> response = send("PUT", "/api/v1/workers/" + bad[0], admin(), bad[1]);
			assertThat(response.statusCode()).as(bad[0] + " " + bad[1]).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		}
		assertThat(send("GET", "/api/v1/workers", admin(), null).body()).doesNotContain("\"w\"");
	}

	private static void reading(int seq, String cpuSeconds) {
		readings.add("{\"seq\":" + seq + ",\"container\":\"counter\",\"instance\":\"i-1\",\"user\":\"alice\","
				+ "\"function\":\"counter\",\"cpuSeconds\":" + cpuSeconds + ",\"allocatedShares\":100,\"at\":\""
				+ Instant.now() + "\",\"last\":false}");
	}

	private BigDecimal measured() {
		List<BigDecimal> found = this.jdbc
			.queryForList("select measured_seconds from user_meter where user_id = 'alice'", BigDecimal.class);
		return found.isEmpty() ? BigDecimal.ZERO : found.get(0);
	}

	private static MockResponse json(String body) {
		return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
	}

	private String admin() throws Exception {
		return Files.readString(home.resolve("admin.token")).strip();
	}

	private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
