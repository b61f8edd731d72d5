package org.gridfaas.credit.wallet.gridcoin;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.gridfaas.credit.wallet.gridcoin.ChainStore.Cursor;

/**
 * Where the next deposit listing starts. The stored cursor is checked against the main
 * chain each pass ({@code getblockhash(height)}). A cursor reorged out is walked back
 * through its ancestors ({@code getblock}) to the fork point, as Bitcoin Core's
 * {@code listsinceblock} does itself and Gridcoin's does not: listing from the stale
 * block there would skip deposits mined again below it. A cursor the node does not know
 * at all (it was rebuilt) is replaced by the block {@code rescan-depth} below its height,
 * or the wallet's start; credits are keyed by output, so listing more credits nothing
 * twice.
 */
class CursorCheck {

	private static final Logger log = LoggerFactory.getLogger(CursorCheck.class);

	/** Ancestors walked at most before giving up on finding the fork point. */
	private static final int MAX_WALK = 2_000;

	private final GridcoinRpc rpc;

	private final int rescanDepth;

	private final Counter walkBacks;

	private final Counter resets;

	private final AtomicReference<Reset> lastReset = new AtomicReference<>();

	CursorCheck(GridcoinRpc rpc, int rescanDepth, MeterRegistry meters) {
		this.rpc = rpc;
		this.rescanDepth = rescanDepth;
		this.walkBacks = Counter.builder("gridfaas.wallet.cursor.walkbacks")
			.description("Times the deposit cursor was reorged out of the main chain and walked back to the fork")
			.register(meters);
		this.resets = Counter.builder("gridfaas.wallet.cursor.resets")
			.description("Times the node did not know the deposit cursor and deposits were listed again from a"
					+ " safe height")
			.register(meters);
	}

	/** The hash to list from: empty for the wallet's start. */
	String startOf(Optional<Cursor> stored, Instant now) {
		if (stored.isEmpty()) {
			return "";
		}
		Cursor cursor = stored.get();
		Optional<JsonNode> block = block(cursor.hash());
		if (block.isEmpty()) {
			return rescan(cursor, now);
		}
		int height = block.get().path("height").asInt();
		if (onMainChain(cursor.hash(), height)) {
			return cursor.hash();
		}
		JsonNode ancestor = block.get();
		for (int step = 0; step < MAX_WALK; step++) {
			String parent = ancestor.path("previousblockhash").asString("");
			if (parent.isEmpty()) {
				break;
			}
			int parentHeight = ancestor.path("height").asInt() - 1;
			if (onMainChain(parent, parentHeight)) {
				this.walkBacks.increment();
				log.warn("The deposit cursor {} at height {} was reorged out; listing from the fork point {} at {}",
						cursor.hash(), height, parent, parentHeight);
				return parent;
			}
			Optional<JsonNode> next = block(parent);
			if (next.isEmpty()) {
				break;
			}
			ancestor = next.get();
		}
		return rescan(new Cursor(cursor.hash(), height), now);
	}

	/** The last time the cursor was unknown and deposits were listed again, if ever. */
	Optional<Reset> lastReset() {
		return Optional.ofNullable(this.lastReset.get());
	}

	/** The block's height, as the node tells it. */
	int heightOf(String hash) {
		return this.rpc.read("getblock", hash).path("height").asInt();
	}

	private String rescan(Cursor cursor, Instant now) {
		this.resets.increment();
		String from = "";
		if (cursor.height() != Cursor.UNKNOWN_HEIGHT && cursor.height() - this.rescanDepth > 0) {
			from = hashAt(cursor.height() - this.rescanDepth).orElse("");
		}
		int fromHeight = from.isEmpty() ? 0 : cursor.height() - this.rescanDepth;
		this.lastReset.set(new Reset(now, cursor.hash(), fromHeight));
		log.warn("The node does not know the deposit cursor {}; listing deposits again from height {}", cursor.hash(),
				fromHeight);
		return from;
	}

	private boolean onMainChain(String hash, int height) {
		return hashAt(height).map(hash::equals).orElse(false);
	}

	private Optional<String> hashAt(int height) {
		try {
			return Optional.of(this.rpc.read("getblockhash", height).asString());
		}
		catch (GridcoinRpcException.Refused ex) {
			// -8: the main chain is shorter now.
			return Optional.empty();
		}
	}

	private Optional<JsonNode> block(String hash) {
		try {
			return Optional.of(this.rpc.read("getblock", hash));
		}
		catch (GridcoinRpcException.Refused ex) {
			if (ex.code() != GridcoinRpcException.Refused.INVALID_ADDRESS_OR_KEY) {
				throw ex;
			}
			return Optional.empty();
		}
	}

	/**
	 * A cursor the node did not know.
	 *
	 * @param at when
	 * @param cursor the unknown block
	 * @param fromHeight where deposits were listed again from
	 */
	record Reset(Instant at, String cursor, int fromHeight) {
	}

}
