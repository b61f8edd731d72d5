package org.gridfaas.common.cpu;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.gridfaas.common.InvalidValueException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CpuSharesTests {

	@Test
	void oneHundredSharesAreOneCore() {
		assertThat(CpuShares.ofCores(2).value()).isEqualTo(200);
		assertThat(CpuShares.of(250).cores()).isEqualByComparingTo("2.5");
	}

	@Test
	void theCfsQuotaIsOneThousandMicrosecondsPerShareAtTheDefaultPeriod() {
		Duration period = Duration.ofMillis(100);
		assertThat(CpuShares.of(400).cfsQuotaMicros(period)).isEqualTo(400_000);
		assertThat(CpuShares.of(50).cfsQuotaMicros(period)).isEqualTo(50_000);
		assertThat(CpuShares.of(100).cfsQuotaMicros(Duration.ofMillis(50))).isEqualTo(50_000);
	}

	@Test
	void negativeOrAbsurdSharesAreRejected() {
		assertThatThrownBy(() -> CpuShares.of(-1)).isInstanceOf(InvalidValueException.class);
		assertThatThrownBy(() -> CpuShares.of(CpuShares.MAX + 1)).isInstanceOf(InvalidValueException.class);
	}

	@Test
	void sharesOrderAndClamp() {
		CpuShares floor = CpuShares.of(50);
		CpuShares max = CpuShares.of(400);
		assertThat(CpuShares.of(30).max(floor)).isEqualTo(floor);
		assertThat(CpuShares.of(500).min(max)).isEqualTo(max);
		assertThat(floor.plus(75)).isEqualTo(CpuShares.of(125));
	}

}
