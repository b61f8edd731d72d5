package org.gridfaas.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import okhttp3.Credentials;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An HTTP server that answers as gridcoinresearchd 5.5 does (reference-behaviour.md §3):
 * JSON-RPC 1.0 on {@code POST /} with Basic auth; 401 with an HTML body, 404 and 500 with
 * JSON bodies, the connection closed after every error; amounts as numbers with 8
 * decimals; invalid UTF-8 in {@code hashboinc}; JSON-RPC batches. Its chain is a list of
 * block hashes and wallet transactions with the height of their block, which a test
 * mines, conflicts and reorganises. As Gridcoin's, its {@code listsinceblock} from a
 * block reorged out lists by that block's height, without walking back to the fork.
 */
public final class GridcoinNodeReplay implements AutoCloseable {

	public static final String USER = "gridcoinrpc";

	public static final String PASSWORD = "rpc-password-s3cret";

	private final MockWebServer server = new MockWebServer();

	private final JsonMapper json = JsonMapper.builder().build();

	/** The chain's height when the node starts. */
	public static final int GENESIS_TIP = 100;

	private final ReplayChain chain = new ReplayChain(GENESIS_TIP);

	private final List<String> callsWithParams = new ArrayList<>();

	private BigDecimal walletBalance = new BigDecimal("1000");

	private final List<String> sends = new ArrayList<>();

	/** What befalls the next send: "" nothing, "lose" its answer, "drop" it. */
	private volatile String nextSend = "";

	private volatile boolean down;

	private volatile boolean refuseUnknownCursors;

	private volatile String failing = "";

	public GridcoinNodeReplay() {
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
			throw new UncheckedIOException(ex);
		}
	}

	/** The node's RPC endpoint. */
	public URI url() {
		return this.server.url("/").uri();
	}

	public synchronized void mine(int blocks) {
		this.chain.mine(blocks);
	}

	/** The hash of the main chain's block at that height. */
	public synchronized String blockAt(int height) {
		return this.chain.blockAt(height);
	}

	public synchronized int height() {
		return this.chain.height();
	}

	/**
	 * A reorg: the top {@code depth} blocks are replaced by {@code depth + 1} new ones.
	 * The transactions of the blocks dropped go back to the mempool, except
	 * {@code minedFirst}, which the first new block holds.
	 */
	public synchronized void reorg(int depth, String... minedFirst) {
		this.chain.reorg(depth, List.of(minedFirst));
	}

	/**
	 * Someone pays the address, in one output per amount; the transaction waits in the
	 * mempool until mined. Like Gridcoin, the node lists each output as an entry of its
	 * own, without its {@code vout}.
	 */
	public synchronized String receive(String address, String... amounts) {
		return this.chain.receive(address, amounts);
	}

	/** Puts a mempool transaction into the next block. */
	public synchronized void confirm(String txid) {
		this.chain.confirm(txid);
	}

	/** A reorg double-spent the transaction: the wallet shows it conflicted. */
	public synchronized void conflict(String txid) {
		this.chain.conflict(txid);
	}

	public synchronized void vanish(String txid) {
		this.chain.vanish(txid);
	}

	/**
	 * From now on a {@code listsinceblock} from a block the node never saw is answered -5
	 * "Block not found", as Bitcoin Core and litecoind answer it (Gridcoin lists
	 * everything instead, as this replay does by default).
	 */
	public void refuseUnknownCursors() {
		this.refuseUnknownCursors = true;
	}

	/** Every call of {@code method} fails with -1 until {@code failing("")}. */
	public void failing(String method) {
		this.failing = method;
	}

	public void setDown(boolean down) {
		this.down = down;
	}

	/** The next send is made, but its answer never arrives (the connection drops). */
	public void loseNextSendAnswer() {
		this.nextSend = "lose";
	}

	/** The next send never reaches the wallet: the connection drops first. */
	public void dropNextSend() {
		this.nextSend = "drop";
	}

	public synchronized void setWalletBalance(String balance) {
		this.walletBalance = new BigDecimal(balance);
	}

	/** The sends made: address, amount and comment of each. */
	public synchronized List<String> sends() {
		return List.copyOf(this.sends);
	}

	/** The methods called, in order. */
	public synchronized List<String> calls() {
		return this.callsWithParams.stream().map((call) -> call.substring(0, call.indexOf(' '))).toList();
	}

	/**
	 * Each call as its method and its parameters' JSON: {@code listsinceblock ["",1]}.
	 */
	public synchronized List<String> callsWithParams() {
		return List.copyOf(this.callsWithParams);
	}

	/** HTTP requests served; a batch is one. */
	public int requests() {
		return this.server.getRequestCount();
	}

	private synchronized MockResponse answer(RecordedRequest request) {
		if (this.down) {
			return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
		}
		if (!Credentials.basic(USER, PASSWORD).equals(request.getHeader("Authorization"))) {
			return new MockResponse().setResponseCode(401)
				.setHeader("Content-Type", "text/html")
				.setHeader("WWW-Authenticate", "Basic realm=\"jsonrpc\"")
				.setBody("<HTML><HEAD><TITLE>Error</TITLE></HEAD><BODY><H1>401 Unauthorized.</H1></BODY></HTML>")
				.setSocketPolicy(SocketPolicy.DISCONNECT_AT_END);
		}
		JsonNode body = this.json.reader()
			.with(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
			.readTree(request.getBody().readUtf8());
		if (!body.isArray()) {
			return answerOne(body);
		}
		List<String> replies = new ArrayList<>();
		for (JsonNode one : body) {
			replies.add(answerOne(one).getBody().readUtf8());
		}
		return new MockResponse().setHeader("Content-Type", "application/json")
			.setBody("[" + String.join(",", replies) + "]");
	}

	private MockResponse answerOne(JsonNode envelope) {
		String method = envelope.path("method").asString();
		JsonNode params = envelope.path("params");
		long id = envelope.path("id").asLong();
		this.callsWithParams.add(method + " " + params);
		if (method.equals(this.failing)) {
			return error(500, id, -1, "Internal error");
		}
		return switch (method) {
			case "getblockcount" -> result(id, Integer.toString(this.chain.height()));
			case "getblockhash" -> {
				int at = params.path(0).asInt(-1);
				yield (at < 0 || at > this.chain.height()) ? error(500, id, -8, "Block number out of range.")
						: result(id, "\"" + this.chain.blockAt(at) + "\"");
			}
			case "getblock" -> this.chain.blockJson(params.path(0).asString(""))
				.map((block) -> result(id, block))
				.orElseGet(() -> error(500, id, -5, "Block not found"));
			case "getwalletinfo" -> walletInfo(id);
			case "getnewaddress" -> result(id, "\"" + this.chain.newAddress(params.path(0).asString("")) + "\"");
			case "validateaddress" ->
				result(id, "{\"isvalid\":" + params.path(0).asString("").matches("[SRmn][0-9A-Za-z]{33}") + "}");
			case "listsinceblock" -> listSinceBlock(id, params.path(0).asString(""), params.path(1).asInt(1));
			case "gettransaction" -> this.chain.transactionJson(params.path(0).asString(""))
				.map((tx) -> result(id, tx))
				.orElseGet(() -> error(500, id, -5, "Invalid or non-wallet transaction id"));
			case "sendtoaddress" -> send(id, params);
			default -> error(404, id, -32601, "Method not found");
		};
	}

	private MockResponse walletInfo(long id) {
		// The legacy hashboinc field may carry bytes that are not UTF-8.
		Buffer body = new Buffer()
			.writeUtf8("{\"result\":{\"walletversion\":60000,\"balance\":1234.50000000," + "\"hashboinc\":\"")
			.write(new byte[] { (byte) 0xff, (byte) 0xfe, 'x' })
			.writeUtf8("\"},\"error\":null,\"id\":" + id + "}");
		return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
	}

	private MockResponse listSinceBlock(long id, String hash, int target) {
		if (!hash.isEmpty() && !this.chain.knows(hash) && this.refuseUnknownCursors) {
			return error(500, id, -5, "Block not found");
		}
		return result(id, this.chain.listSinceJson(hash, target));
	}

	private MockResponse send(long id, JsonNode params) {
		if (this.nextSend.equals("drop")) {
			this.nextSend = "";
			return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
		}
		if (!params.path(1).isNumber()) {
			return error(500, id, -1, "JSON value is not a number as expected");
		}
		String address = params.path(0).asString("");
		BigDecimal amount = params.path(1).decimalValue();
		if (!address.matches("[SRmn][0-9A-Za-z]{33}")) {
			return error(500, id, -5, "Invalid Gridcoin address");
		}
		if (amount.signum() <= 0) {
			return error(500, id, -3, "Invalid amount");
		}
		BigDecimal fee = new BigDecimal("0.00100000");
		if (amount.add(fee).compareTo(this.walletBalance) > 0) {
			return error(500, id, -4, "Insufficient funds");
		}
		this.walletBalance = this.walletBalance.subtract(amount.add(fee));
		String comment = params.path(2).asString("");
		String txid = String.format("%064x", 0x10000 + this.sends.size());
		this.sends.add(address + " " + amount.toPlainString() + " " + comment);
		this.chain.sent(txid, address, amount, comment);
		if (this.nextSend.equals("lose")) {
			this.nextSend = "";
			return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
		}
		return result(id, "\"" + txid + "\"");
	}

	private static MockResponse result(long id, String result) {
		return new MockResponse().setHeader("Content-Type", "application/json")
			.setBody("{\"result\":" + result + ",\"error\":null,\"id\":" + id + "}");
	}

	static MockResponse error(int status, long id, int code, String message) {
		return new MockResponse().setResponseCode(status)
			.setHeader("Content-Type", "application/json")
			.setBody("{\"result\":null,\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\"},\"id\":" + id
					+ "}")
			.setSocketPolicy(SocketPolicy.DISCONNECT_AT_END);
	}

	@Override
	public void close() throws IOException {
		this.server.shutdown();
	}

}
