package org.gridfaas.credit.wallet;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The local wallet ({@code gridfaas.wallet.local.*}).
 *
 * @param confirmationDelay how long a deposit waits before it is credited, as an on-chain
 * deposit waits for its confirmations; zero credits at once
 */
@Validated
@ConfigurationProperties("gridfaas.wallet.local")
public record LocalWalletProperties(@DefaultValue("0s") @NotNull Duration confirmationDelay) {

	public LocalWalletProperties {
		if (confirmationDelay.isNegative()) {
			throw new IllegalArgumentException("gridfaas.wallet.local.confirmation-delay must not be negative");
		}
	}

}
