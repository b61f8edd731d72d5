package org.gridfaas.credit.wallet.gridcoin;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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

/**
 * JSON-RPC 1.0 over HTTP to a Gridcoin node, as gridcoinresearchd 5.5 speaks it: Basic
 * auth, POST to {@code /}, positional parameters, amounts as JSON numbers with 8
 * decimals. Errors become {@link GridcoinRpcException}s by HTTP status and code. The node
 * closes the connection after every error reply, so the pooled connection is dropped
 * then; a call is never sent twice by the HTTP layer, and only reads ({@link #read}) are
 * retried, once. Responses are decoded leniently: the legacy {@code hashboinc} field may
 * hold invalid UTF-8.
 */
public class GridcoinRpc implements AutoCloseable {

	private static final MediaType JSON_TYPE = MediaType.get("application/json");

	/** Methods that only read, and may be repeated after a failure. */
	private static final Set<String> READS = Set.of("getblockcount", "getwalletinfo", "listsinceblock",
			"gettransaction", "validateaddress", "getblockhash", "listtransactions");

	private final OkHttpClient http;

	private final String url;

	private final String credentials;

	private final JsonMapper json;

	private final AtomicLong ids = new AtomicLong();

	public GridcoinRpc(GridcoinProperties properties, JsonMapper json) {
		this.http = new OkHttpClient.Builder()
			.connectTimeout(properties.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
			.callTimeout(properties.callTimeout().toMillis(), TimeUnit.MILLISECONDS)
			.readTimeout(properties.callTimeout().toMillis(), TimeUnit.MILLISECONDS)
			// A POST such as sendtoaddress must never be sent again behind our back.
			.retryOnConnectionFailure(false)
			.build();
		this.url = properties.url().resolve("/").toString();
		this.credentials = Credentials.basic(nullToEmpty(properties.user()), nullToEmpty(properties.password()),
				StandardCharsets.UTF_8);
		this.json = json;
	}

	/** A call that only reads: retried once on a connection failure. */
	public JsonNode read(String method, Object... params) {
		if (!READS.contains(method)) {
			throw new IllegalArgumentException(method + " is not a read");
		}
		try {
			return call(method, params);
		}
		catch (GridcoinRpcException.Unavailable first) {
			return call(method, params);
		}
	}

	/** A call that may change the wallet: sent once, whatever happens. */
	public JsonNode write(String method, Object... params) {
		return call(method, params);
	}

	private JsonNode call(String method, Object... params) {
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
		Request request = new Request.Builder().url(this.url)
			.header("Authorization", this.credentials)
			.post(RequestBody.create(
					this.json.writer().with(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).writeValueAsBytes(envelope),
					JSON_TYPE))
			.build();
		try (Response response = this.http.newCall(request).execute()) {
			byte[] body = response.body().bytes();
			if (response.code() != 200) {
				// The node closes the connection after an error reply.
				this.http.connectionPool().evictAll();
			}
			if (response.code() == 401) {
				throw new GridcoinRpcException.Unauthorized(
						"Gridcoin node refused the RPC credentials (HTTP 401); check rpcuser and rpcpassword");
			}
			JsonNode reply = parse(body, response.code(), method);
			JsonNode error = reply.get("error");
			if (error != null && !error.isNull()) {
				throw new GridcoinRpcException.Refused(error.path("code").asInt(0), error.path("message").asString(""),
						response.code());
			}
			if (response.code() != 200) {
				throw new GridcoinRpcException.Unavailable(
						"Gridcoin node answered " + method + " with HTTP " + response.code(), null);
			}
			return reply.get("result");
		}
		catch (IOException ex) {
			this.http.connectionPool().evictAll();
			throw new GridcoinRpcException.Unavailable(
					"Cannot reach the Gridcoin node for " + method + ": " + ex.getMessage(), ex);
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
