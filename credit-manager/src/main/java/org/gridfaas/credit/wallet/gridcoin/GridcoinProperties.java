package org.gridfaas.credit.wallet.gridcoin;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.gridfaas.common.money.Grc;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Gridcoin node ({@code gridfaas.wallet.gridcoin.*}), used when
 * {@code gridfaas.wallet.kind=gridcoin}.
 *
 * @param url the node's JSON-RPC endpoint (15715 mainnet, 25715 testnet); a path such as
 * {@code /wallet/gridfaas} names one of the node's wallets
 * @param user the rpcuser
 * @param password the rpcpassword (never logged or shown)
 * @param confirmations how deep a deposit must be before it is credited
 * @param recheckWindow how long a credited deposit is watched for a reorg, from its
 * credit or its last change
 * @param recheckFirst the first re-check after a credit or a change; each next one waits
 * twice as long, so a deposit is re-checked about log2(window / first) times
 * @param rescanDepth blocks below the cursor listed again when the node does not know the
 * cursor at all (it was rebuilt); credits are keyed by output, so nothing is credited
 * twice
 * @param connectTimeout connecting to the node
 * @param callTimeout one call, all of it
 * @param maxConnections calls in flight at once, and connections kept open: Gridcoin
 * gives each open connection one of its 4 RPC threads
 * @param idleTimeout how long an unused connection stays open
 * @param withdrawalFee what a withdrawal costs the user on top of its amount, reserved
 * for the node's network fee (0.001 GRC per kB, a small send is well under 1 kB)
 */
@Validated
@ConfigurationProperties("gridfaas.wallet.gridcoin")
public record GridcoinProperties(@DefaultValue("http://127.0.0.1:15715") @NotNull URI url, String user, String password,
		@DefaultValue("10") @Min(1) int confirmations, @DefaultValue("24h") @NotNull Duration recheckWindow,
		@DefaultValue("1m") @NotNull Duration recheckFirst, @DefaultValue("1000") @Min(1) int rescanDepth,
		@DefaultValue("5s") @NotNull Duration connectTimeout, @DefaultValue("30s") @NotNull Duration callTimeout,
		@DefaultValue("2") @Min(1) @Max(16) int maxConnections, @DefaultValue("10s") @NotNull Duration idleTimeout,
		@DefaultValue("0.01") @NotNull Grc withdrawalFee) {

	/** The defaults, for a node at {@code url}. */
	public static GridcoinProperties of(URI url, String user, String password, int confirmations) {
		return new GridcoinProperties(url, user, password, confirmations, Duration.ofHours(24), Duration.ofMinutes(1),
				1000, Duration.ofSeconds(5), Duration.ofSeconds(30), 2, Duration.ofSeconds(10), Grc.of("0.01"));
	}

	GridcoinProperties withRecheckFirst(Duration first) {
		return new GridcoinProperties(this.url, this.user, this.password, this.confirmations, this.recheckWindow, first,
				this.rescanDepth, this.connectTimeout, this.callTimeout, this.maxConnections, this.idleTimeout,
				this.withdrawalFee);
	}

	GridcoinProperties withCallTimeout(Duration timeout) {
		return new GridcoinProperties(this.url, this.user, this.password, this.confirmations, this.recheckWindow,
				this.recheckFirst, this.rescanDepth, this.connectTimeout, timeout, this.maxConnections,
				this.idleTimeout, this.withdrawalFee);
	}

	@Override
	public String toString() {
		return "GridcoinProperties[url=" + this.url + ", user=" + this.user + ", password=[PROTECTED], confirmations="
				+ this.confirmations + ", withdrawalFee=" + this.withdrawalFee + "]";
	}

}
