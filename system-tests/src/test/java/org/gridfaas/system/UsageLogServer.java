package org.gridfaas.system;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.gridfaas.common.api.UsagePage;
import org.gridfaas.common.api.UsageRecord;
import org.gridfaas.common.cpu.CpuShares;
import org.gridfaas.common.naming.ContainerName;
import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.common.naming.UserName;

/**
 * A ContainerManager's usage log on the wire ({@code GET /api/v1/usage}, as
 * {@link UsagePage}s): one container of one user whose cumulative CPU counter grows by
 * one second every 100 ms once started, up to {@code readings}. Every other call
 * (standings, restrictions) is answered 200. For tests that kill CreditManager while it
 * bills.
 */
final class UsageLogServer implements AutoCloseable {

	private final HttpServer server;

	private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();

	private final List<UsageRecord> log = new ArrayList<>();

	private final UserName user;

	private final int readings;

	private boolean started;

	UsageLogServer(String user, int readings) throws IOException {
		this.user = UserName.of(user);
		this.readings = readings;
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", this::answer);
		this.server.start();
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** Starts the counter, once. */
	synchronized void start() {
		if (!this.started) {
			this.started = true;
			this.clock.scheduleAtFixedRate(this::read, 0, 100, TimeUnit.MILLISECONDS);
		}
	}

	/** Whether every reading is in the log. */
	synchronized boolean done() {
		return this.log.size() == this.readings;
	}

	private synchronized void read() {
		if (this.log.size() < this.readings) {
			long seq = this.log.size() + 1;
			this.log.add(new UsageRecord(seq, ContainerName.of(this.user.value() + "-meter"), "instance-1", this.user,
					FunctionName.of("meter"), BigDecimal.valueOf(seq), CpuShares.of(100), Instant.now(), false));
		}
	}

	private void answer(HttpExchange exchange) throws IOException {
		try (exchange) {
			respond(exchange);
		}
		catch (RuntimeException ex) {
			// Said, not swallowed: the caller logs the answer.
			byte[] problem = String.valueOf(ex).getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(500, problem.length);
			exchange.getResponseBody().write(problem);
		}
	}

	private void respond(HttpExchange exchange) throws IOException {
		// Its containers: none running that need enforcing.
		byte[] body = (exchange.getRequestMethod().equals("GET") ? "[]" : "{}").getBytes(StandardCharsets.UTF_8);
		if (exchange.getRequestURI().getPath().equals("/api/v1/usage")) {
			long after = Long.parseLong(Pattern.compile("(?:^|&)after=(\\d+)")
				.matcher(exchange.getRequestURI().getQuery())
				.results()
				.findFirst()
				.orElseThrow()
				.group(1));
			body = Platform.JSON.writeValueAsBytes(pageAfter(after));
		}
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, body.length);
		try (var out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	private synchronized UsagePage pageAfter(long after) {
		List<UsageRecord> page = this.log.stream().filter((record) -> record.seq() > after).toList();
		long cursor = page.isEmpty() ? after : page.get(page.size() - 1).seq();
		return new UsagePage(page, cursor, false, "usage-log-1");
	}

	@Override
	public void close() throws IOException {
		this.clock.shutdownNow();
		this.server.stop(0);
	}

}
