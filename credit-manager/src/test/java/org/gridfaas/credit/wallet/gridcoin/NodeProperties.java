package org.gridfaas.credit.wallet.gridcoin;

import java.time.Duration;

import org.gridfaas.common.money.Grc;
import org.gridfaas.testing.GridcoinNodeReplay;

/** Settings that point the wallet at a replayed node. */
final class NodeProperties {

	private NodeProperties() {
	}

	static GridcoinProperties of(GridcoinNodeReplay node, int confirmations) {
		return new GridcoinProperties(node.url(), GridcoinNodeReplay.USER, GridcoinNodeReplay.PASSWORD, confirmations,
				Duration.ofHours(24), Duration.ofSeconds(2), Duration.ofSeconds(5), Grc.of("0.01"));
	}

}
