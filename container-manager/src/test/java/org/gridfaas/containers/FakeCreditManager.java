package org.gridfaas.containers;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A test server that serves CreditManager's documented contract for {@code GET
 * /api/v1/accounts/{user}}: a standing in JSON, 404 problem+json for an unknown user, 401
 * without the admin token. Tests set each user's standing, or take it down.
 */
public final class FakeCreditManager implements AutoCloseable {

	private final MockWebServer server = new MockWebServer();

	private final Map<String, Boolean> mayStartWork = new ConcurrentHashMap<>();

	private final AtomicInteger calls = new AtomicInteger();

	private volatile boolean down;

	private final String adminToken;

	public FakeCreditManager(String adminToken) {
		this.adminToken = adminToken;
		this.server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return answer(request);
			}
		});
		try {
			this.server.start();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	public String url() {
		return this.server.url("/").toString();
	}

	/** The user's account lets new work start (NORMAL) or not (IN_DEBT). */
	public void allow(String user, boolean allowed) {
		this.mayStartWork.put(user, allowed);
	}

	/** Answers 503 to everything while down. */
	public void setDown(boolean down) {
		this.down = down;
	}

	public int calls() {
		return this.calls.get();
	}

	private MockResponse answer(RecordedRequest request) {
		this.calls.incrementAndGet();
		if (this.down) {
			return new MockResponse().setResponseCode(503);
		}
		if (!("Bearer " + this.adminToken).equals(request.getHeader("Authorization"))) {
			return problem(401, "unauthenticated");
		}
		String path = request.getPath();
		if (!path.startsWith("/api/v1/accounts/")) {
			return problem(404, "not-found");
		}
		String user = path.substring("/api/v1/accounts/".length());
		Boolean allowed = this.mayStartWork.get(user);
		if (allowed == null) {
			return problem(404, "not-found");
		}
		String status = allowed ? "NORMAL" : "IN_DEBT";
		String balance = allowed ? "4.00000000" : "-0.10000000";
		return new MockResponse().setHeader("Content-Type", "application/json").setBody("""
				{"user":"%s","balance":%s,"status":"%s","policy":"GREEDY","billingBasis":"USED",
				 "minBalance":0.10000000,"maxDebt":-0.50000000,"active":true,"mayStartWork":%s,
				 "asOf":"2026-11-27T12:00:00Z"}""".formatted(user, balance, status, allowed));
	}

	private static MockResponse problem(int status, String type) {
		return new MockResponse().setResponseCode(status)
			.setHeader("Content-Type", "application/problem+json")
			.setBody("{\"type\":\"urn:gridfaas:problem:" + type + "\",\"status\":" + status + "}");
	}

	@Override
	public void close() throws IOException {
		this.server.shutdown();
	}

}
