package org.gridfaas.testing;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Bitcoin-family wallet node for tests: Debian's {@code litecoind} (Bitcoin Core
 * 0.21 code) in regtest, on free loopback ports, with one legacy-address wallet, its data
 * in a folder of its own that closing deletes. Blocks are mined on demand
 * ({@code generatetoaddress}); the first 101 make the wallet's coins spendable.
 */
public final class LitecoinNode implements AutoCloseable {

	public static final String USER = "gridfaas";

	/** The wallet the node is started with. */
	public static final String WALLET = "gridfaas";

	public static final String PASSWORD = "regtest-" + Long.toHexString(System.nanoTime());

	private static final String PROGRAM = "litecoind";

	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	private final HttpClient http = HttpClient.newHttpClient();

	private final Process process;

	private final Path data;

	private final int rpcPort;

	private final String miner;

	private LitecoinNode(Process process, Path data, int rpcPort) throws Exception {
		this.process = process;
		this.data = data;
		this.rpcPort = rpcPort;
		awaitRpc();
		try {
			// Bitcoin Core 0.21 creates no default wallet.
			callAt(url(), "createwallet", WALLET);
			this.miner = call("getnewaddress", "miner").asString();
			mine(101);
		}
		catch (Exception ex) {
			// A node that cannot be set up must not outlive the test.
			close();
			throw ex;
		}
	}

	/** Whether {@code litecoind} is installed here. */
	public static boolean installed() {
		return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(":"))
			.anyMatch((folder) -> Files.isExecutable(Path.of(folder, PROGRAM)));
	}

	/** Starts a node with coins to spend. */
	public static LitecoinNode start() throws Exception {
		Path data = Files.createTempDirectory("litecoind");
		int rpcPort = freePort();
		int p2pPort = freePort();
		List<String> command = List.of(PROGRAM, "-regtest", "-datadir=" + data, "-server=1", "-listen=0",
				"-port=" + p2pPort, "-rpcport=" + rpcPort, "-rpcbind=127.0.0.1", "-rpcallowip=127.0.0.1",
				"-rpcuser=" + USER, "-rpcpassword=" + PASSWORD, "-addresstype=legacy", "-fallbackfee=0.0002",
				"-printtoconsole=0");
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(data.resolve("console.log").toFile())
			.start();
		return new LitecoinNode(process, data, rpcPort);
	}

	/** The node's RPC endpoint. */
	public URI url() {
		return URI.create("http://127.0.0.1:" + this.rpcPort + "/");
	}

	/** The RPC endpoint of one of the node's wallets, for a node with several. */
	public URI url(String wallet) {
		return url().resolve("/wallet/" + wallet);
	}

	/**
	 * Calls the node, at its wallet's endpoint, which serves the node's own methods too;
	 * an RPC error is thrown with its code and message.
	 */
	public JsonNode call(String method, Object... params) throws Exception {
		return callAt(url(WALLET), method, params);
	}

	/** Calls the node at {@code endpoint}. */
	public JsonNode callAt(URI endpoint, String method, Object... params) throws Exception {
		String body = JSON.writeValueAsString(
				java.util.Map.of("jsonrpc", "1.0", "id", 1, "method", method, "params", List.of(params)));
		HttpRequest request = HttpRequest.newBuilder(endpoint)
			.timeout(Duration.ofSeconds(60))
			.header("Authorization",
					"Basic " + Base64.getEncoder()
						.encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		JsonNode answer = JSON.readTree(response.body());
		if (!answer.path("error").isNull() && !answer.path("error").isMissingNode()) {
			throw new IllegalStateException(method + " failed: " + answer.path("error"));
		}
		return answer.path("result");
	}

	/**
	 * Mines blocks to a new address of the node's own: a block mined again in place of an
	 * invalidated one differs from it.
	 */
	public List<String> mine(int blocks) throws Exception {
		return JSON.convertValue(call("generatetoaddress", blocks, call("getnewaddress", "miner").asString()),
				JSON.getTypeFactory().constructCollectionType(List.class, String.class));
	}

	/** Pays an address from the node's coins; the transaction waits in the mempool. */
	public String pay(String address, String amount) throws Exception {
		return call("sendtoaddress", address, new BigDecimal(amount)).asString();
	}

	/**
	 * A reorg with a double-spend: the block holding {@code txid} is invalidated, and a
	 * block is mined in its place with a transaction that spends {@code txid}'s first
	 * input elsewhere, so the wallet sees {@code txid} conflicted.
	 * @return the hash of the block mined in its place
	 */
	public String doubleSpend(String txid, String block) throws Exception {
		call("invalidateblock", block);
		JsonNode spent = decoded(txid).path("vin").path(0);
		String input = spent.path("txid").asString();
		int vout = spent.path("vout").asInt();
		BigDecimal value = decoded(input).path("vout").path(vout).path("value").decimalValue();
		String elsewhere = call("getnewaddress", "elsewhere").asString();
		String raw = call("createrawtransaction", List.of(java.util.Map.of("txid", input, "vout", vout)),
				java.util.Map.of(elsewhere, value.subtract(new BigDecimal("0.001"))))
			.asString();
		String signed = call("signrawtransactionwithwallet", raw).path("hex").asString();
		return call("generateblock", this.miner, List.of(signed)).path("hash").asString();
	}

	/**
	 * Undoes {@link #doubleSpend}'s reorg: the original chain, {@code block} and the
	 * blocks mined on it, is made valid again, and wins once it is longer.
	 */
	public void reconsider(String block) throws Exception {
		call("reconsiderblock", block);
	}

	private JsonNode decoded(String txid) throws Exception {
		return call("decoderawtransaction", call("gettransaction", txid).path("hex").asString());
	}

	public int height() throws Exception {
		return call("getblockcount").asInt();
	}

	private void awaitRpc() throws Exception {
		Instant deadline = Instant.now().plusSeconds(60);
		while (true) {
			try {
				callAt(url(), "getblockcount");
				return;
			}
			catch (IOException | IllegalStateException ex) {
				if (!this.process.isAlive() || Instant.now().isAfter(deadline)) {
					close();
					throw new IllegalStateException("litecoind did not start: " + ex.getMessage());
				}
				Thread.sleep(200);
			}
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Override
	public void close() throws Exception {
		this.process.destroy();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor();
		}
		try (Stream<Path> files = Files.walk(this.data)) {
			files.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
	}

}
