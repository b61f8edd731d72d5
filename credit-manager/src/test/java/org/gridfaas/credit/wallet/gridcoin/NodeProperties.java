package org.gridfaas.credit.wallet.gridcoin;

import java.time.Duration;

import org.gridfaas.testing.GridcoinNodeReplay;

/** Settings that point the wallet at a replayed node. */
final class NodeProperties {

	private NodeProperties() {
	}

	static GridcoinProperties of(GridcoinNodeReplay node, int confirmations) {
		return GridcoinProperties.of(node.url(), GridcoinNodeReplay.USER, GridcoinNodeReplay.PASSWORD, confirmations)
			.withCallTimeout(Duration.ofSeconds(5));
	}

}
