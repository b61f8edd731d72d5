package org.gridfaas.credit.wallet.gridcoin;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import okhttp3.ConnectionPool;
import okhttp3.Credentials;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.gridfaas.common.retry.ReadRetries;

/**
 * JSON-RPC 1.0 over HTTP to a Gridcoin node, as gridcoinresearchd 5.5 speaks it: Basic
 * auth, POST to the configured URL ({@code /}, or {@code /wallet/<name>} for one of
 * several wallets), positional parameters, amounts as JSON numbers with 8 decimals.
 * Errors become {@link GridcoinRpcException}s by HTTP status and code. The node closes
 * the connection after every error reply, so the pooled connection is dropped then; a
 * call is never sent twice by the HTTP layer, and only reads ({@link #read},
 * {@link #readAll}) are tried again, through {@link ReadRetries}. Responses are decoded
 * leniently: the legacy {@code hashboinc} field may hold invalid UTF-8.
 *
 * <p>
 * Gridcoin serves RPC on 4 threads and ties one up per open connection, so at most
 * {@code max-connections} calls are in flight and idle connections close after
 * {@code idle-timeout}.
 */
public class GridcoinRpc implements AutoCloseable {

	private static final MediaType JSON_TYPE = MediaType.get("application/json");

	/** Methods that only read, and may be repeated after a failure. */
	private static final Set<String> READS = Set.of("getblockcount", "getwalletinfo", "listsinceblock",
			"gettransaction", "validateaddress", "getblockhash", "getblock", "listtransactions");

	private final OkHttpClient http;

	private final String url;

	private final String credentials;

	private final JsonMapper json;

	private final AtomicLong ids = new AtomicLong();

	private final Semaphore inFlight;

	private final ReadRetries retries = ReadRetries.on(GridcoinRpcException.Unavailable.class);

	private final long waitMillis;

	public GridcoinRpc(GridcoinProperties properties, JsonMapper json) {
		this.inFlight = new Semaphore(properties.maxConnections(), true);
		this.waitMillis = properties.callTimeout().toMillis();
		this.http = new OkHttpClient.Builder()
			.connectionPool(new ConnectionPool(properties.maxConnections(), properties.idleTimeout().toMillis(),
					TimeUnit.MILLISECONDS))
			.connectTimeout(properties.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
			.callTimeout(properties.callTimeout().toMillis(), TimeUnit.MILLISECONDS)
			.readTimeout(properties.callTimeout().toMillis(), TimeUnit.MILLISECONDS)
			// A POST such as sendtoaddress must never be sent again behind our back.
			.retryOnConnectionFailure(false)
			.build();
		this.url = (properties.url().getRawPath() == null || properties.url().getRawPath().isEmpty())
				? properties.url().resolve("/").toString() : properties.url().toString();
		this.credentials = Credentials.basic(nullToEmpty(properties.user()), nullToEmpty(properties.password()),
				StandardCharsets.UTF_8);
		this.json = json;
	}

	/** A call that only reads: tried again when the node is unavailable. */
	public JsonNode read(String method, Object... params) {
		if (!READS.contains(method)) {
			throw new IllegalArgumentException(method + " is not a read");
		}
		return this.retries.read(() -> call(method, params));
	}

	/** A call that may change the wallet: sent once, whatever happens. */
	public JsonNode write(String method, Object... params) {
		return call(method, params);
	}

	/**
	 * Several reads of one method in one request (a JSON-RPC batch, which every
	 * Bitcoin-family node serves): an answer per call, in order, each its result or the
	 * node's refusal of that call.
	 */
	public List<Answer> readAll(String method, List<List<Object>> calls) {
		if (!READS.contains(method)) {
			throw new IllegalArgumentException(method + " is not a read");
		}
		if (calls.isEmpty()) {
			return List.of();
		}
		return this.retries.read(() -> batch(method, calls));
	}

	/** One call's answer in a batch: a result, or the node's refusal. */
	public record Answer(JsonNode result, GridcoinRpcException.Refused refusal) {
	}

	private List<Answer> batch(String method, List<List<Object>> calls) {
		ArrayNode batch = JsonNodeFactory.instance.arrayNode();
		List<Long> ids = new ArrayList<>();
		for (List<Object> params : calls) {
			ObjectNode envelope = envelope(method, params.toArray());
			ids.add(envelope.get("id").asLong());
			batch.add(envelope);
		}
		Reply reply = exchange(batch, method);
		if (!reply.json().isArray()) {
			throw reply.refusal()
				.<GridcoinRpcException>map((refusal) -> refusal)
				.orElseGet(() -> new GridcoinRpcException.Unavailable(
						"Gridcoin node answered a batch of " + method + " with no array", null));
		}
		Map<Long, JsonNode> byId = new HashMap<>();
		reply.json().forEach((one) -> byId.put(one.path("id").asLong(), one));
		List<Answer> answers = new ArrayList<>();
		for (Long id : ids) {
			JsonNode one = byId.get(id);
			if (one == null) {
				throw new GridcoinRpcException.Unavailable(
						"Gridcoin node left call " + id + " of a batch of " + method + " unanswered", null);
			}
			answers.add(new Answer(one.get("result"), new Reply(one, reply.status()).refusal().orElse(null)));
		}
		return answers;
	}

	private JsonNode call(String method, Object... params) {
		Reply reply = exchange(envelope(method, params), method);
		reply.refusal().ifPresent((refusal) -> {
			throw refusal;
		});
		return reply.json().get("result");
	}

	private ObjectNode envelope(String method, Object... params) {
		ObjectNode envelope = JsonNodeFactory.instance.objectNode();
		envelope.put("method", method);
		ArrayNode array = envelope.putArray("params");
		for (Object param : List.of(params)) {
			if (param instanceof BigDecimal amount) {
				array.add(amount.setScale(8, RoundingMode.UNNECESSARY));
			}
			else if (param instanceof Integer number) {
				array.add(number);
			}
			else if (param instanceof Boolean flag) {
				array.add(flag);
			}
			else {
				array.add(String.valueOf(param));
			}
		}
		envelope.put("id", this.ids.incrementAndGet());
		return envelope;
	}

	/** The node's answer and its HTTP status. */
	private record Reply(JsonNode json, int status) {

		Optional<GridcoinRpcException.Refused> refusal() {
			JsonNode error = this.json.get("error");
			if (error == null || error.isNull()) {
				return Optional.empty();
			}
			return Optional.of(new GridcoinRpcException.Refused(error.path("code").asInt(0),
					error.path("message").asString(""), this.status));
		}

	}

	/** Posts a request, at most {@code max-connections} at once, and reads the reply. */
	private Reply exchange(JsonNode body, String method) {
		Request request = new Request.Builder().url(this.url)
			.header("Authorization", this.credentials)
			.post(RequestBody.create(
					this.json.writer().with(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).writeValueAsBytes(body),
					JSON_TYPE))
			.build();
		try {
			if (!this.inFlight.tryAcquire(this.waitMillis, TimeUnit.MILLISECONDS)) {
				throw new GridcoinRpcException.Unavailable(
						"Gridcoin node is busy: no free connection for " + method + " within the call timeout", null);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new GridcoinRpcException.Unavailable("Interrupted waiting to call " + method, ex);
		}
		try (Response response = this.http.newCall(request).execute()) {
			byte[] bytes = response.body().bytes();
			if (response.code() != 200) {
				// The node closes the connection after an error reply.
				this.http.connectionPool().evictAll();
			}
			if (response.code() == 401) {
				throw new GridcoinRpcException.Unauthorized(
						"Gridcoin node refused the RPC credentials (HTTP 401); check rpcuser and rpcpassword");
			}
			Reply reply = new Reply(parse(bytes, response.code(), method), response.code());
			if (response.code() != 200 && reply.refusal().isEmpty()) {
				throw new GridcoinRpcException.Unavailable(
						"Gridcoin node answered " + method + " with HTTP " + response.code(), null);
			}
			return reply;
		}
		catch (IOException ex) {
			this.http.connectionPool().evictAll();
			throw new GridcoinRpcException.Unavailable(
					"Cannot reach the Gridcoin node for " + method + ": " + ex.getMessage(), ex);
		}
		finally {
			this.inFlight.release();
		}
	}

	private JsonNode parse(byte[] body, int status, String method) {
		try {
			// Amounts are read exactly, never through a double.
			return this.json.reader()
				.with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
				.readTree(lenientUtf8(body));
		}
		catch (JacksonException ex) {
			throw new GridcoinRpcException.Unavailable(
					"Gridcoin node sent an unreadable answer to " + method + " (HTTP " + status + ")", ex);
		}
	}

	/** UTF-8 with malformed bytes replaced, never rejected. */
	static String lenientUtf8(byte[] bytes) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPLACE)
				.onUnmappableCharacter(CodingErrorAction.REPLACE)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new IllegalStateException("A replacing decoder does not throw", ex);
		}
	}

	private static String nullToEmpty(String value) {
		return (value != null) ? value : "";
	}

	@Override
	public void close() {
		this.http.dispatcher().executorService().shutdown();
		this.http.connectionPool().evictAll();
	}

	@Override
	public String toString() {
		return "GridcoinRpc[" + this.url + "]";
	}

}
