package org.gridfaas.credit.wallet.gridcoin;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.gridfaas.testing.GridcoinNodeReplay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JSON-RPC client against a server that answers as a Gridcoin node does. */
class GridcoinRpcTests {

	final JsonMapper json = JsonMapper.builder().build();

	GridcoinNodeReplay node = new GridcoinNodeReplay();

	MockWebServer scripted;

	@AfterEach
	void close() throws Exception {
		this.node.close();
		if (this.scripted != null) {
			this.scripted.shutdown();
		}
	}

	@Test
	void wrongCredentialsAreUnauthorizedAndTheExceptionHoldsNoSecret() {
		GridcoinProperties good = NodeProperties.of(this.node, 10);
		GridcoinRpc rpc = new GridcoinRpc(GridcoinProperties.of(good.url(), "gridcoinrpc", "wrong-password", 10),
				this.json);
		assertThatThrownBy(() -> rpc.read("getblockcount")).isInstanceOf(GridcoinRpcException.Unauthorized.class)
			.hasMessageNotContaining("wrong-password")
			.hasMessageContaining("401");
		assertThat(good.toString()).doesNotContain(GridcoinNodeReplay.PASSWORD);
		assertThat(rpc.toString()).doesNotContain(GridcoinNodeReplay.PASSWORD);
	}

	@Test
	void anUnknownMethodIs404WithItsCodeAndTheNextCallWorksOnAFreshConnection() {
		GridcoinRpc rpc = new GridcoinRpc(NodeProperties.of(this.node, 10), this.json);
		assertThatThrownBy(() -> rpc.write("listaccounts")).isInstanceOfSatisfying(GridcoinRpcException.Refused.class,
				(refused) -> {
					assertThat(refused.code()).isEqualTo(GridcoinRpcException.Refused.METHOD_NOT_FOUND);
					assertThat(refused.httpStatus()).isEqualTo(404);
				});
		assertThat(rpc.read("getblockcount").asInt()).isEqualTo(100);
		assertThatThrownBy(() -> rpc.read("gettransaction", "00ff"))
			.isInstanceOfSatisfying(GridcoinRpcException.Refused.class, (refused) -> {
				assertThat(refused.code()).isEqualTo(GridcoinRpcException.Refused.INVALID_ADDRESS_OR_KEY);
				assertThat(refused.httpStatus()).isEqualTo(500);
			});
		assertThat(rpc.read("getblockcount").asInt()).isEqualTo(100);
	}

	@Test
	void anErrorMemberInAn200AnswerIsARefusalToo() throws Exception {
		this.scripted = new MockWebServer();
		this.scripted.enqueue(new MockResponse().setHeader("Content-Type", "application/json")
			.setBody("{\"result\":null,\"error\":{\"code\":-4,\"message\":\"Insufficient funds\"},\"id\":1}"));
		this.scripted.start();
		GridcoinRpc rpc = new GridcoinRpc(scriptedProperties(), this.json);
		assertThatThrownBy(() -> rpc.write("sendtoaddress", "S1", new BigDecimal("5"))).isInstanceOfSatisfying(
				GridcoinRpcException.Refused.class,
				(refused) -> assertThat(refused.code()).isEqualTo(GridcoinRpcException.Refused.WALLET_ERROR));
	}

	@Test
	void amountsGoOutAsJsonNumbersWithEightDecimalsAndComeBackExact() throws Exception {
		this.scripted = new MockWebServer();
		this.scripted.enqueue(new MockResponse().setHeader("Content-Type", "application/json")
			.setBody("{\"result\":{\"amount\":0.00000001,\"fee\":-0.00100000},\"error\":null,\"id\":1}"));
		this.scripted.start();
		GridcoinRpc rpc = new GridcoinRpc(scriptedProperties(), this.json);
		JsonNode result = rpc.write("sendtoaddress", "S1", new BigDecimal("0.00000001"));
		String sent = this.scripted.takeRequest().getBody().readUtf8();
		assertThat(sent).contains("\"params\":[\"S1\",0.00000001]").contains("\"method\":\"sendtoaddress\"");
		assertThat(result.get("amount").decimalValue()).isEqualTo(new BigDecimal("0.00000001"));
		assertThat(result.get("fee").decimalValue()).isEqualTo(new BigDecimal("-0.00100000"));
	}

	@Test
	void invalidUtf8InAnAnswerIsDecodedLeniently() {
		GridcoinRpc rpc = new GridcoinRpc(NodeProperties.of(this.node, 10), this.json);
		JsonNode info = rpc.read("getwalletinfo");
		assertThat(info.get("balance").decimalValue()).isEqualTo(new BigDecimal("1234.50000000"));
		assertThat(info.get("hashboinc").asString()).endsWith("x").contains("\uFFFD");
	}

	@Test
	void aReadIsRetriedOnceAfterADroppedConnectionButAWriteIsNeverSentTwice() throws Exception {
		this.scripted = new MockWebServer();
		this.scripted.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
		this.scripted.enqueue(new MockResponse().setHeader("Content-Type", "application/json")
			.setBody("{\"result\":7,\"error\":null,\"id\":2}"));
		this.scripted.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
		this.scripted.enqueue(new MockResponse().setHeader("Content-Type", "application/json")
			.setBody("{\"result\":\"txid\",\"error\":null,\"id\":4}"));
		this.scripted.start();
		GridcoinRpc rpc = new GridcoinRpc(scriptedProperties(), this.json);
		assertThat(rpc.read("getblockcount").asInt()).isEqualTo(7);
		assertThatThrownBy(() -> rpc.write("sendtoaddress", "S1", BigDecimal.ONE))
			.isInstanceOf(GridcoinRpcException.Unavailable.class);
		assertThat(this.scripted.getRequestCount()).as("the send reached the node once").isEqualTo(3);
	}

	@Test
	void aNodeThatIsDownIsUnavailable() {
		this.node.setDown(true);
		GridcoinRpc rpc = new GridcoinRpc(NodeProperties.of(this.node, 10), this.json);
		assertThatThrownBy(() -> rpc.read("getblockcount")).isInstanceOf(GridcoinRpcException.Unavailable.class);
	}

	@Test
	void aBatchIsOneRequestAndAnswersEachCallInOrderWithItsResultOrItsRefusal() {
		String txid = this.node.receive("S" + "a".repeat(33), "1.5");
		GridcoinRpc rpc = new GridcoinRpc(NodeProperties.of(this.node, 10), this.json);
		int before = this.node.requests();
		List<GridcoinRpc.Answer> answers = rpc.readAll("gettransaction",
				List.of(List.of(txid), List.of("00ff"), List.of(txid)));
		assertThat(this.node.requests() - before).isOne();
		assertThat(answers).hasSize(3);
		assertThat(answers.get(0).result().get("amount").decimalValue()).isEqualByComparingTo("1.5");
		assertThat(answers.get(1).refusal().code()).isEqualTo(GridcoinRpcException.Refused.INVALID_ADDRESS_OR_KEY);
		assertThat(answers.get(2).refusal()).isNull();
		assertThat(rpc.readAll("gettransaction", List.of())).isEmpty();
		assertThatThrownBy(() -> rpc.readAll("sendtoaddress", List.of(List.of("S1"))))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void noMoreCallsThanMaxConnectionsAreInFlightAtOnceAndTheWalletPathIsKept() throws Exception {
		AtomicInteger inFlight = new AtomicInteger();
		AtomicInteger most = new AtomicInteger();
		List<String> paths = new CopyOnWriteArrayList<>();
		this.scripted = new MockWebServer();
		this.scripted.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
				most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
				paths.add(request.getPath());
				Thread.sleep(100);
				inFlight.decrementAndGet();
				return new MockResponse().setHeader("Content-Type", "application/json")
					.setBody("{\"result\":7,\"error\":null,\"id\":1}");
			}
		});
		this.scripted.start();
		GridcoinRpc rpc = new GridcoinRpc(GridcoinProperties
			.of(this.scripted.url("/wallet/gridfaas").uri(), GridcoinNodeReplay.USER, GridcoinNodeReplay.PASSWORD, 10)
			.withCallTimeout(Duration.ofSeconds(5)), this.json);
		ExecutorService callers = Executors.newFixedThreadPool(6);
		try {
			List<Future<JsonNode>> calls = new ArrayList<>();
			for (int i = 0; i < 6; i++) {
				calls.add(callers.submit(() -> rpc.read("getblockcount")));
			}
			for (Future<JsonNode> call : calls) {
				assertThat(call.get().asInt()).isEqualTo(7);
			}
		}
		finally {
			callers.shutdownNow();
		}
		assertThat(most.get()).as("calls in flight at once").isEqualTo(2);
		assertThat(paths).hasSize(6).containsOnly("/wallet/gridfaas");
	}

	private GridcoinProperties scriptedProperties() {
		return GridcoinProperties
			.of(this.scripted.url("/").uri(), GridcoinNodeReplay.USER, GridcoinNodeReplay.PASSWORD, 10)
			.withCallTimeout(Duration.ofSeconds(5));
	}

}
