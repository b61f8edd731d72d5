package org.gridfaas.experiments.run;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScenarioChecksTests {

	@Test
	void billingWithinHalfAPercentOfTheMeasuredCpuPasses() {
		ScenarioResult result = SyntheticRuns.debtScenario(new BigDecimal("100.4"), new BigDecimal("100"), 20);
		assertThat(check(result, "billed CPU").passed()).isTrue();
		assertThat(check(result, "billed CPU").detail()).contains("+0.4000 %");
	}

	@Test
	void billingFurtherOffThanHalfAPercentFails() {
		ScenarioResult result = SyntheticRuns.debtScenario(new BigDecimal("99.4"), new BigDecimal("100"), 20);
		assertThat(check(result, "billed CPU").passed()).isFalse();
		assertThat(result.passed()).isFalse();
	}

	@Test
	void aRestrictionThatFollowsTheBalanceCrossingZeroPassesAndSaysWhen() {
		ScenarioResult result = SyntheticRuns.debtScenario(new BigDecimal("100"), new BigDecimal("100"), 19);
		Check restricted = check(result, "the container is restricted");
		assertThat(restricted.passed()).as(restricted.detail()).isTrue();
		assertThat(restricted.detail()).isEqualTo(
				"restricted at 19.0 s (limit 50 shares); the balance reached 0 at 18.75 s".replace("18.75", "18.8"));
		assertThat(check(result, "the task running when the restriction began").passed()).isTrue();
	}

	@Test
	void aRestrictionBeforeTheBalanceReachesZeroFails() {
		ScenarioResult result = SyntheticRuns.debtScenario(new BigDecimal("100"), new BigDecimal("100"), 5);
		assertThat(check(result, "the container is restricted").passed()).isFalse();
	}

	@Test
	void taskCountsAreComparedWithTheScenariosExpectations() {
		ScenarioResult result = SyntheticRuns.debtScenario(new BigDecimal("100"), new BigDecimal("100"), 20);
		assertThat(check(result, "tasks succeeded: 6").passed()).isFalse();
		assertThat(check(result, "tasks succeeded: 6").detail()).isEqualTo("2");
		assertThat(check(result, "tasks pending at the end: 0").passed()).isFalse();
		assertThat(check(result, "no container is stopped").passed()).isTrue();
	}

	private static Check check(ScenarioResult result, String prefix) {
		return result.checks()
			.stream()
			.filter((check) -> check.what().startsWith(prefix))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no check " + prefix + " in " + result.checks()));
	}

}
