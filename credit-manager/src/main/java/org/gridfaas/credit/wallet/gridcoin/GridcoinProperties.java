package org.gridfaas.credit.wallet.gridcoin;

import java.net.URI;
import java.time.Duration;

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
 * @param url the node's JSON-RPC endpoint (15715 mainnet, 25715 testnet)
 * @param user the rpcuser
 * @param password the rpcpassword (never logged or shown)
 * @param confirmations how deep a deposit must be before it is credited
 * @param recheckWindow how long a credited deposit is checked again for a reorg
 * @param connectTimeout connecting to the node
 * @param callTimeout one call, all of it
 * @param withdrawalFee what a withdrawal costs the user on top of its amount, reserved
 * for the node's network fee (0.001 GRC per kB, a small send is well under 1 kB)
 */
@Validated
@ConfigurationProperties("gridfaas.wallet.gridcoin")
public record GridcoinProperties(@DefaultValue("http://127.0.0.1:15715") @NotNull URI url, String user, String password,
		@DefaultValue("10") @Min(1) int confirmations, @DefaultValue("24h") @NotNull Duration recheckWindow,
		@DefaultValue("5s") @NotNull Duration connectTimeout, @DefaultValue("30s") @NotNull Duration callTimeout,
		@DefaultValue("0.01") @NotNull Grc withdrawalFee) {

	@Override
	public String toString() {
		return "GridcoinProperties[url=" + this.url + ", user=" + this.user + ", password=[PROTECTED], confirmations="
				+ this.confirmations + ", withdrawalFee=" + this.withdrawalFee + "]";
	}

}
