package org.gridfaas.credit.wallet.gridcoin;

import java.util.Map;

import tools.jackson.databind.JsonNode;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The node in {@code /actuator/health} as {@code gridcoin}: its block count and wallet
 * balance, or why it cannot be reached ({@code cause}: {@code unreachable},
 * {@code credentials refused} or {@code refused}). A deposit cursor the node did not know
 * is shown as {@code cursorReset} (when, and from which height deposits were listed
 * again). Billing goes on while the node is down; deposits and withdrawals wait.
 */
class GridcoinHealthIndicator implements HealthIndicator {

	private final GridcoinRpc rpc;

	private final GridcoinWallet wallet;

	GridcoinHealthIndicator(GridcoinRpc rpc, GridcoinWallet wallet) {
		this.rpc = rpc;
		this.wallet = wallet;
	}

	@Override
	public Health health() {
		Health.Builder health = node();
		this.wallet.lastCursorReset()
			.ifPresent((reset) -> health.withDetail("cursorReset", Map.of("at", reset.at().toString(), "unknownCursor",
					reset.cursor(), "listedAgainFromHeight", reset.fromHeight())));
		return health.build();
	}

	private Health.Builder node() {
		try {
			long blocks = this.rpc.read("getblockcount").asLong();
			JsonNode info = this.rpc.read("getwalletinfo");
			return Health.up()
				.withDetail("blocks", blocks)
				.withDetail("walletBalance", info.path("balance").decimalValue().toPlainString());
		}
		catch (GridcoinRpcException ex) {
			String cause = (ex instanceof GridcoinRpcException.Unauthorized) ? "credentials refused"
					: (ex instanceof GridcoinRpcException.Unavailable) ? "unreachable" : "refused";
			return Health.down().withDetail("cause", cause).withDetail("error", ex.getMessage());
		}
	}

}
