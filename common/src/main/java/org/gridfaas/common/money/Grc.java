package org.gridfaas.common.money;

import java.math.BigDecimal;
import java.math.RoundingMode;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import org.gridfaas.common.InvalidValueException;

/**
 * An amount of Gridcoin, exact to the coin's smallest unit (1e-8 GRC), always held at
 * scale 8. Amounts that come from outside (requests, the wallet) must already fit in 8
 * decimals and are rejected otherwise; nothing a user sends is silently rounded.
 * <p>
 * <b>The one rounding rule.</b> Amounts the platform computes (a charge from CPU-seconds
 * and a rate) are made with {@link #truncate(BigDecimal)}, which rounds toward zero to 8
 * decimals. The caller keeps the remainder and carries it into the next computation, so
 * rounding never loses value and never charges a user for a fraction not yet used.
 *
 * @param amount the amount in GRC, scale 8
 */
public record Grc(BigDecimal amount) implements Comparable<Grc> {

	/** Decimal places of one GRC's smallest unit (COIN = 1e8). */
	public static final int SCALE = 8;

	/** More than Gridcoin's whole supply; anything larger is a mistake, not a payment. */
	public static final BigDecimal MAX_ABS = new BigDecimal("10000000000");

	public static final Grc ZERO = new Grc(BigDecimal.ZERO);

	public Grc {
		if (amount == null) {
			throw new InvalidValueException("amount must not be empty");
		}
		if (amount.stripTrailingZeros().scale() > SCALE) {
			throw new InvalidValueException("amount must have at most " + SCALE + " decimals");
		}
		if (amount.abs().compareTo(MAX_ABS) > 0) {
			throw new InvalidValueException("amount must be at most " + MAX_ABS.toPlainString() + " GRC");
		}
		amount = amount.setScale(SCALE, RoundingMode.UNNECESSARY);
	}

	/** An exact amount from outside; rejected when it does not fit in 8 decimals. */
	@JsonCreator
	public static Grc of(BigDecimal amount) {
		return new Grc(amount);
	}

	/**
	 * An exact amount from text such as a query parameter; NaN and infinities are
	 * rejected.
	 */
	public static Grc parse(String text) {
		if (text == null || text.isBlank()) {
			throw new InvalidValueException("amount must not be empty");
		}
		try {
			return new Grc(new BigDecimal(text.strip()));
		}
		catch (NumberFormatException ex) {
			throw new InvalidValueException("amount must be a decimal number such as 1.25");
		}
	}

	/** An exact amount from a literal in code, e.g. {@code Grc.of("0.05")}. */
	public static Grc of(String literal) {
		return parse(literal);
	}

	/**
	 * A computed amount, rounded toward zero to 8 decimals: the platform's one rounding
	 * rule. The caller carries {@code exact - truncate(exact)} forward.
	 */
	public static Grc truncate(BigDecimal exact) {
		return new Grc(exact.setScale(SCALE, RoundingMode.DOWN));
	}

	public Grc plus(Grc other) {
		return new Grc(this.amount.add(other.amount));
	}

	public Grc minus(Grc other) {
		return new Grc(this.amount.subtract(other.amount));
	}

	public Grc negate() {
		return new Grc(this.amount.negate());
	}

	public int signum() {
		return this.amount.signum();
	}

	public boolean isPositive() {
		return signum() > 0;
	}

	public boolean isNegative() {
		return signum() < 0;
	}

	public boolean isZero() {
		return signum() == 0;
	}

	/**
	 * The amount as the JSON number the wire carries: always 8 decimals, never exponent
	 * form.
	 */
	@JsonValue
	@Override
	public BigDecimal amount() {
		return this.amount;
	}

	@Override
	public int compareTo(Grc other) {
		return this.amount.compareTo(other.amount);
	}

	/** Plain notation with 8 decimals and the unit, e.g. {@code 1.50000000 GRC}. */
	@Override
	public String toString() {
		return this.amount.toPlainString() + " GRC";
	}

}
