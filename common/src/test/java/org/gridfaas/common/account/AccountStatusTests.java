package org.gridfaas.common.account;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.gridfaas.common.money.Grc;

import static org.assertj.core.api.Assertions.assertThat;

class AccountStatusTests {

	@ParameterizedTest(name = "balance {0} with min 1 and max debt -0.5 is {1}")
	@CsvSource({ "4, NORMAL", "1.00000001, NORMAL", "1, LOW", "0.00000001, LOW", "0, IN_DEBT", "-0.49999999, IN_DEBT",
			"-0.5, OVER_DEBT_LIMIT", "-3, OVER_DEBT_LIMIT" })
	void theBalanceAloneDecidesTheStatus(String balance, AccountStatus expected) {
		assertThat(AccountStatus.of(Grc.of(balance), Grc.of("1"), Grc.of("-0.5"))).isEqualTo(expected);
	}

	@ParameterizedTest(name = "{0} under {1} allows new work: {2}")
	@CsvSource({ "NORMAL, GREEDY, true", "NORMAL, CONSERVATIVE, true", "LOW, GREEDY, true", "LOW, CONSERVATIVE, false",
			"IN_DEBT, GREEDY, false", "OVER_DEBT_LIMIT, GREEDY, false" })
	void newWorkFollowsThePrototypesTable(AccountStatus status, AccountPolicy policy, boolean allowed) {
		assertThat(status.allowsNewWork(policy)).isEqualTo(allowed);
	}

	@ParameterizedTest
	@CsvSource({ "NORMAL, false", "LOW, false", "IN_DEBT, true", "OVER_DEBT_LIMIT, true" })
	void onlyDebtRestrictsTheCpu(AccountStatus status, boolean restricted) {
		assertThat(status.restrictsCpu()).isEqualTo(restricted);
	}

}
