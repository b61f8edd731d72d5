package org.gridfaas.credit.wallet.gridcoin;

import tools.jackson.databind.JsonNode;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The node in {@code /actuator/health} as {@code gridcoin}: its block count and wallet
 * balance, or why it cannot be reached. Billing goes on while it is down; deposits wait.
 */
class GridcoinHealthIndicator implements HealthIndicator {

	private final GridcoinRpc rpc;

	GridcoinHealthIndicator(GridcoinRpc rpc) {
		this.rpc = rpc;
	}

	@Override
	public Health health() {
		try {
			long blocks = this.rpc.read("getblockcount").asLong();
			JsonNode wallet = this.rpc.read("getwalletinfo");
			return Health.up()
				.withDetail("blocks", blocks)
				.withDetail("walletBalance", wallet.path("balance").decimalValue().toPlainString())
				.build();
		}
		catch (GridcoinRpcException ex) {
			return Health.down().withDetail("error", ex.getMessage()).build();
		}
	}

}
