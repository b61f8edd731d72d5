package org.gridfaas.credit.account;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import org.gridfaas.common.api.AccountStanding;
import org.gridfaas.common.money.Grc;
import org.gridfaas.credit.ledger.Ledger;
import org.gridfaas.credit.ledger.LedgerAccounts;
import org.springframework.stereotype.Component;

/**
 * Per-user and ledger-wide gauges. They read a snapshot the billing cycle refreshes, so a
 * scrape costs no database query however many users there are. The per-user gauges are
 * MultiGauges, one row per account; the billing counters one FunctionCounter per user.
 */
@Component
public class AccountMetrics {

	private final MeterRegistry meters;

	private final Ledger ledger;

	private final Map<String, UserFigures> users = new ConcurrentHashMap<>();

	private volatile Totals totals = new Totals(0, 0, 0);

	private final MultiGauge balances;

	private final MultiGauge debtLimits;

	private final MultiGauge statuses;

	public AccountMetrics(MeterRegistry meters, Ledger ledger) {
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
			.description("Sum of every account's balance: zero unless the ledger is broken")
			.baseUnit("GRC")
			.register(meters);
		this.balances = MultiGauge.builder("gridfaas.account.balance")
			.description("The user's balance")
			.baseUnit("GRC")
			.register(meters);
		this.debtLimits = MultiGauge.builder("gridfaas.account.debt.limit")
			.description("The user's debt limit (max_debt, not positive)")
			.baseUnit("GRC")
			.register(meters);
		this.statuses = MultiGauge.builder("gridfaas.account.status")
			.description("0 NORMAL, 1 LOW, 2 IN_DEBT, 3 OVER_DEBT_LIMIT")
			.register(meters);
	}

	/**
	 * Takes a new snapshot.
	 * @param standings every account's standing
	 * @param metering each user's billed CPU-seconds and charges, by user
	 */
	public void refresh(List<AccountStanding> standings, Map<String, Billing> metering) {
		BigDecimal userTotal = BigDecimal.ZERO;
		List<MultiGauge.Row<?>> balance = new ArrayList<>();
		List<MultiGauge.Row<?>> maxDebt = new ArrayList<>();
		List<MultiGauge.Row<?>> status = new ArrayList<>();
		for (AccountStanding standing : standings) {
			String user = standing.user().value();
			UserFigures figures = this.users.computeIfAbsent(user, this::register);
			Tags tags = Tags.of("user", user);
			balance.add(MultiGauge.Row.of(tags, standing.balance().amount()));
			maxDebt.add(MultiGauge.Row.of(tags, standing.maxDebt().amount()));
			status.add(MultiGauge.Row.of(tags, standing.status().ordinal()));
			Billing billing = metering.getOrDefault(user, Billing.NONE);
			figures.billedSeconds = billing.billedSeconds().doubleValue();
			figures.charges = billing.charges();
			figures.charged = billing.charged().amount().doubleValue();
			userTotal = userTotal.add(standing.balance().amount());
		}
		this.balances.register(balance, true);
		this.debtLimits.register(maxDebt, true);
		this.statuses.register(status, true);
		Grc provider = this.ledger.balanceOf(LedgerAccounts.PROVIDER);
		this.totals = new Totals(provider.amount().doubleValue(), userTotal.doubleValue(),
				this.ledger.balancesTotal().amount().doubleValue());
	}

	private UserFigures register(String user) {
		UserFigures figures = new UserFigures();
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

		volatile double billedSeconds;

		volatile double charges;

		volatile double charged;

	}

	private record Totals(double provider, double users, double total) {
	}

}
