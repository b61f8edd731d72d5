package org.gridfaas.credit.account;

import jakarta.validation.constraints.NotNull;

import org.gridfaas.common.account.AccountPolicy;
import org.gridfaas.common.account.BillingBasis;
import org.gridfaas.common.money.Grc;
import org.gridfaas.common.money.GrcSign;
import org.gridfaas.common.money.GrcSign.Sign;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings a new account gets when its creator leaves them out.
 *
 * @param policy low-balance policy (prototype default: greedy)
 * @param minBalance the low-balance threshold (0.1 GRC: one core for a minute at the
 * default rate)
 * @param maxDebt the debt limit (-0.5 GRC, as in the seed experiments)
 * @param billingBasis what CPU is billed (used)
 */
@Validated
@ConfigurationProperties("gridfaas.accounts.defaults")
public record AccountDefaults(@NotNull @DefaultValue("GREEDY") AccountPolicy policy,
		@NotNull @GrcSign(Sign.NOT_NEGATIVE) @DefaultValue("0.1") Grc minBalance,
		@NotNull @GrcSign(Sign.NOT_POSITIVE) @DefaultValue("-0.5") Grc maxDebt,
		@NotNull @DefaultValue("USED") BillingBasis billingBasis) {
}
