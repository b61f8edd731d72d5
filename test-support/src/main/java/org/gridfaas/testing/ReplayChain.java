package org.gridfaas.testing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The chain and wallet behind {@link GridcoinNodeReplay}: block hashes by height, every
 * block ever mined (its height and parent, so a block reorged out is still known), and
 * the wallet's transactions with the height of their block. Answers are the JSON of the
 * {@code result} member, as Gridcoin writes it. Not thread-safe: the replay holds its
 * lock around every call.
 */
final class ReplayChain {

	private final List<String> chain = new ArrayList<>();

	private final Map<String, Block> blocks = new LinkedHashMap<>();

	private final Map<String, Tx> transactions = new LinkedHashMap<>();

	private final Map<String, String> labels = new LinkedHashMap<>();

	private int forks;

	private int addresses;

	ReplayChain(int tip) {
		for (int h = 0; h <= tip; h++) {
			append("block-" + h);
		}
	}

	int height() {
		return this.chain.size() - 1;
	}

	String blockAt(int height) {
		return this.chain.get(height);
	}

	void mine(int blocks) {
		for (int i = 0; i < blocks; i++) {
			int next = height() + 1;
			append((this.forks == 0) ? "block-" + next : "block-" + next + "-fork" + this.forks);
		}
	}

	private void append(String hash) {
		String parent = this.chain.isEmpty() ? "" : this.chain.get(this.chain.size() - 1);
		this.chain.add(hash);
		this.blocks.put(hash, new Block(height(), parent));
	}

	/** See {@link GridcoinNodeReplay#reorg}. */
	void reorg(int depth, List<String> minedFirst) {
		int fork = height() - depth;
		this.chain.subList(fork + 1, this.chain.size()).clear();
		this.forks++;
		for (Tx tx : List.copyOf(this.transactions.values())) {
			boolean first = minedFirst.contains(tx.txid);
			if (first || (tx.height != null && tx.height > fork)) {
				this.transactions.put(tx.txid, tx.at(first ? fork + 1 : null, tx.conflicted));
			}
		}
		mine(depth + 1);
	}

	String newAddress(String label) {
		String address = "S" + String.format("%033d", ++this.addresses);
		this.labels.put(address, label);
		return address;
	}

	String receive(String address, String... amounts) {
		String txid = String.format("%064x", this.transactions.size() + 1);
		this.transactions.put(txid, new Tx(txid, address, Arrays.stream(amounts).map(BigDecimal::new).toList(), null,
				false, "receive", ""));
		return txid;
	}

	/** A send from the wallet, waiting in the mempool. */
	void sent(String txid, String address, BigDecimal amount, String comment) {
		this.transactions.put(txid, new Tx(txid, address, List.of(amount.negate()), null, false, "send", comment));
	}

	void confirm(String txid) {
		mine(1);
		this.transactions.put(txid, this.transactions.get(txid).at(height(), false));
	}

	void conflict(String txid) {
		this.transactions.put(txid, this.transactions.get(txid).at(null, true));
	}

	void vanish(String txid) {
		this.transactions.remove(txid);
	}

	boolean knows(String hash) {
		return this.blocks.containsKey(hash);
	}

	Optional<String> blockJson(String hash) {
		Block block = this.blocks.get(hash);
		if (block == null) {
			return Optional.empty();
		}
		boolean main = block.height <= height() && this.chain.get(block.height).equals(hash);
		return Optional.of("{\"hash\":\"" + hash + "\",\"height\":" + block.height + ",\"confirmations\":"
				+ (main ? height() - block.height + 1 : -1)
				+ (block.parent.isEmpty() ? "" : ",\"previousblockhash\":\"" + block.parent + "\"") + "}");
	}

	/**
	 * What Gridcoin's {@code listsinceblock} lists: by the block's height, even for a
	 * block reorged out (no walk back to the fork), everything for an unknown one.
	 */
	String listSinceJson(String hash, int target) {
		Block block = this.blocks.get(hash);
		int since = (block != null) ? block.height : 0;
		StringBuilder txs = new StringBuilder();
		for (Tx tx : this.transactions.values()) {
			if (tx.height == null || tx.height > since || tx.conflicted) {
				for (BigDecimal output : tx.outputs) {
					txs.append(txs.isEmpty() ? "" : ",").append(tx.json(output, height(), this.labels));
				}
			}
		}
		String lastBlock = this.chain.get(Math.max(0, height() - target + 1));
		return "{\"transactions\":[" + txs + "],\"lastblock\":\"" + lastBlock + "\"}";
	}

	Optional<String> transactionJson(String txid) {
		return Optional.ofNullable(this.transactions.get(txid))
			.map((tx) -> tx.json(tx.outputs.stream().reduce(BigDecimal.ZERO, BigDecimal::add), height(), this.labels));
	}

	private record Block(int height, String parent) {
	}

	private record Tx(String txid, String address, List<BigDecimal> outputs, Integer height, boolean conflicted,
			String category, String comment) {

		Tx at(Integer newHeight, boolean nowConflicted) {
			return new Tx(this.txid, this.address, this.outputs, newHeight, nowConflicted, this.category, this.comment);
		}

		int confirmations(int tip) {
			return this.conflicted ? -1 : (this.height == null) ? 0 : tip - this.height + 1;
		}

		String json(BigDecimal amount, int tip, Map<String, String> labels) {
			return "{\"address\":\"" + this.address + "\",\"category\":\"" + this.category + "\",\"amount\":"
					+ amount.setScale(8, RoundingMode.UNNECESSARY).toPlainString() + ",\"label\":\""
					+ labels.getOrDefault(this.address, "") + "\",\"confirmations\":" + confirmations(tip)
					+ ",\"txid\":\"" + this.txid + "\""
					+ (this.comment.isEmpty() ? "" : ",\"comment\":\"" + this.comment + "\"") + "}";
		}

	}

}
