package org.gridfaas.common.money;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.gridfaas.common.InvalidValueException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GrcTests {

	@Test
	void amountsAreHeldAtScaleEight() {
		assertThat(Grc.of("1.5").amount()).isEqualByComparingTo("1.5");
		assertThat(Grc.of("1.5").amount().scale()).isEqualTo(8);
		assertThat(Grc.of(new BigDecimal("2.10000000000")).amount().scale()).isEqualTo(8);
		assertThat(Grc.ZERO.amount().toPlainString()).isEqualTo("0.00000000");
	}

	@Test
	void amountsWithMoreThanEightDecimalsAreRejectedNotRounded() {
		assertThatThrownBy(() -> Grc.of("0.000000001")).isInstanceOf(InvalidValueException.class)
			.hasMessage("amount must have at most 8 decimals");
	}

	@ParameterizedTest
	@ValueSource(strings = { "NaN", "Infinity", "-Infinity", "1,5", "one", "" })
	void textThatIsNotAFiniteDecimalIsRejected(String text) {
		assertThatThrownBy(() -> Grc.parse(text)).isInstanceOf(InvalidValueException.class);
	}

	@Test
	void amountsBeyondGridcoinsSupplyAreRejected() {
		assertThat(Grc.of("10000000000").amount()).isEqualByComparingTo("1e10");
		assertThatThrownBy(() -> Grc.of("10000000000.00000001")).hasMessageContaining("at most");
		assertThatThrownBy(() -> Grc.of("-1e11")).hasMessageContaining("at most");
	}

	@Test
	void computedAmountsAreTruncatedTowardZeroSoTheRemainderCanBeCarried() {
		BigDecimal exact = new BigDecimal("0.123456789");
		Grc charged = Grc.truncate(exact);
		assertThat(charged).isEqualTo(Grc.of("0.12345678"));
		assertThat(exact.subtract(charged.amount())).isEqualByComparingTo("0.000000009");
		assertThat(Grc.truncate(new BigDecimal("-0.123456789"))).isEqualTo(Grc.of("-0.12345678"));
	}

	@Test
	void arithmeticIsExact() {
		Grc total = Grc.ZERO;
		for (int i = 0; i < 10; i++) {
			total = total.plus(Grc.of("0.1"));
		}
		assertThat(total).isEqualTo(Grc.of("1"));
		assertThat(Grc.of("1").minus(Grc.of("1.5"))).isEqualTo(Grc.of("-0.5"));
		assertThat(Grc.of("-0.5").isNegative()).isTrue();
		assertThat(Grc.of("0.5").negate()).isEqualTo(Grc.of("-0.5"));
	}

	@Test
	void equalAmountsAreEqualWhateverTheirWrittenScale() {
		assertThat(Grc.of("1.0")).isEqualTo(Grc.of("1.00000000")).hasSameHashCodeAs(Grc.of("1"));
		assertThat(Grc.of("3")).hasToString("3.00000000 GRC");
	}

}
