package org.gridfaas.credit.account;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.gridfaas.common.api.AccountStanding;
import org.gridfaas.common.money.Grc;
import org.gridfaas.credit.ledger.Ledger;
import org.gridfaas.credit.ledger.LedgerAccounts;
import org.springframework.stereotype.Component;

/**
 * Per-user and ledger-wide gauges. They read a snapshot the billing cycle refreshes, so a
 * scrape costs no database query however many users there are.
 */
@Component
public class AccountMetrics {

	private final MeterRegistry meters;

	private final Ledger ledger;

	private final Map<String, UserFigures> users = new ConcurrentHashMap<>();

	private volatile Totals totals = new Totals(0, 0, 0);

	AccountMetrics(MeterRegistry meters, Ledger ledger) {
		this.meters = meters;
		this.ledger = ledger;
		Gauge.builder("gridfaas.ledger.balance", this, (self) -> self.totals.provider)
			.description("Balance of the provider's ledger account (revenue from charges)")
			.tag("account", "provider")
			.baseUnit("GRC")
			.register(meters);
		Gauge.builder("gridfaas.ledger.balance", this, (self) -> self.totals.users)
			.description("Sum of all user balances")
			.tag("account", "users")
			.baseUnit("GRC")
			.register(meters);
		Gauge.builder("gridfaas.ledger.total", this, (self) -> self.totals.total)
			.description("Sum of every ledger entry: zero unless the ledger is broken")
			.baseUnit("GRC")
			.register(meters);
	}

	/**
	 * Takes a new snapshot.
	 * @param standings every account's standing
	 * @param metering each user's billed CPU-seconds and charges, by user
	 */
	public void refresh(List<AccountStanding> standings, Map<String, Billing> metering) {
		BigDecimal userTotal = BigDecimal.ZERO;
		for (AccountStanding standing : standings) {
			String user = standing.user().value();
			UserFigures figures = this.users.computeIfAbsent(user, this::register);
			figures.balance = standing.balance().amount().doubleValue();
			figures.maxDebt = standing.maxDebt().amount().doubleValue();
			figures.status = standing.status().ordinal();
			Billing billing = metering.getOrDefault(user, Billing.NONE);
			figures.billedSeconds = billing.billedSeconds().doubleValue();
			figures.charges = billing.charges();
			figures.charged = billing.charged().amount().doubleValue();
			userTotal = userTotal.add(standing.balance().amount());
		}
		Grc provider = this.ledger.balanceOf(LedgerAccounts.PROVIDER);
		this.totals = new Totals(provider.amount().doubleValue(), userTotal.doubleValue(),
				this.ledger.total().amount().doubleValue());
	}

	private UserFigures register(String user) {
		UserFigures figures = new UserFigures();
		Gauge.builder("gridfaas.account.balance", figures, (f) -> f.balance)
			.description("The user's balance")
			.tag("user", user)
			.baseUnit("GRC")
			.register(this.meters);
		Gauge.builder("gridfaas.account.debt.limit", figures, (f) -> f.maxDebt)
			.description("The user's debt limit (max_debt, not positive)")
			.tag("user", user)
			.baseUnit("GRC")
			.register(this.meters);
		Gauge.builder("gridfaas.account.status", figures, (f) -> f.status)
			.description("0 NORMAL, 1 LOW, 2 IN_DEBT, 3 OVER_DEBT_LIMIT")
			.tag("user", user)
			.register(this.meters);
		FunctionCounter.builder("gridfaas.billing.cpu", figures, (f) -> f.billedSeconds)
			.description("CPU-seconds billed to the user (by the account's billing basis)")
			.tag("user", user)
			.baseUnit("seconds")
			.register(this.meters);
		FunctionCounter.builder("gridfaas.billing.charges", figures, (f) -> f.charges)
			.description("Usage charges posted to the user")
			.tag("user", user)
			.register(this.meters);
		FunctionCounter.builder("gridfaas.billing.charged", figures, (f) -> f.charged)
			.description("GRC charged to the user for CPU")
			.tag("user", user)
			.baseUnit("GRC")
			.register(this.meters);
		return figures;
	}

	/**
	 * A user's billing so far.
	 *
	 * @param billedSeconds vcore-seconds billed
	 * @param charges charges posted
	 * @param charged GRC charged
	 */
	public record Billing(BigDecimal billedSeconds, long charges, Grc charged) {

		static final Billing NONE = new Billing(BigDecimal.ZERO, 0, Grc.ZERO);

	}

	private static final class UserFigures {

		volatile double balance;

		volatile double maxDebt;

		volatile double status;

		volatile double billedSeconds;

		volatile double charges;

		volatile double charged;

	}

	private record Totals(double provider, double users, double total) {
	}

}
