package org.gridfaas.experiments.scenario;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioFileTests {

	private static final String VALID = """
			title: A scenario
			price: 300
			account: {policy: GREEDY, minBalance: 0.5, maxDebt: -0.5}
			function: {cpuMax: 200, cpuMin: 0, cpuBoundary: 25, idleTimeout: 100}
			length: 1000
			events:
			  - at: 0
			    deposit: 1.5
			    tasks: [1-100, 2-80]
			  - at: 600
			    deposit: 2
			""";

	@TempDir
	Path folder;

	@Test
	void theBundledScenariosLoadWithTheirEventsInTimeOrder() {
		List<Scenario> scenarios = ScenarioFile.loadAll(Path.of("stress"));
		assertThat(scenarios).extracting(Scenario::name).containsExactly("experiment0", "experiment1", "experiment2");
		Scenario debt = scenarios.get(1);
		assertThat(debt.account().maxDebt()).isEqualByComparingTo("-0.5");
		assertThat(debt.function().cpuMax()).isEqualTo(200);
		assertThat(debt.events()).extracting(Scenario.Event::at).containsExactly(0L, 650L);
		assertThat(debt.events().get(0).tasks()).containsExactly(new StressTask(1, 100), new StressTask(1, 300),
				new StressTask(2, 60), new StressTask(1, 100));
		assertThat(debt.expect().restricted()).isTrue();
		assertThat(scenarios.get(2).expect().stoppedAtDebtLimit()).isTrue();
	}

	@Test
	void aValidFileGivesItsNameFromTheFileAndItsAmountsExactly() throws IOException {
		Scenario scenario = ScenarioFile.load(write("mine.yml", VALID));
		assertThat(scenario.name()).isEqualTo("mine");
		assertThat(scenario.events().get(0).deposit()).isEqualTo(new BigDecimal("1.5"));
		assertThat(scenario.events().get(1).tasks()).isEmpty();
		assertThat(scenario.expect().restricted()).isNull();
	}

	@Test
	void aTaskNotWrittenAsCoresDashSecondsIsRejectedNamingItsPlace() throws IOException {
		assertRejected(VALID.replace("[1-100, 2-80]", "[1-100, two-80]"),
				"events[0].tasks[1]: 'two-80' is not a stress task: write <cores>-<seconds>, e.g. 2-100");
	}

	@Test
	void anUnknownFieldIsRejectedRatherThanIgnored() throws IOException {
		assertRejected(VALID.replace("length: 1000", "lenght: 1000"), "lenght: unknown field");
	}

	@Test
	void eventsOutOfTimeOrderAreRejected() throws IOException {
		assertRejected(VALID.replace("at: 600", "at: -1"), "events[1].at: must be at least 0");
		assertRejected(VALID.replace("- at: 0", "- at: 700"), "events[1].at: events must be in time order");
	}

	@Test
	void anEventAtOrAfterTheEndIsRejected() throws IOException {
		assertRejected(VALID.replace("at: 600", "at: 1000"), "events[1].at: 1000 is not before the scenario's length");
	}

	@Test
	void aPositiveDebtLimitAndANegativeMinimumBalanceAreRejected() throws IOException {
		assertRejected(VALID.replace("maxDebt: -0.5", "maxDebt: 0.5"), "account.maxDebt: must not be positive");
		assertRejected(VALID.replace("minBalance: 0.5", "minBalance: -1"), "account.minBalance: must not be negative");
	}

	@Test
	void moneyWithMoreThanEightDecimalsIsRejected() throws IOException {
		assertRejected(VALID.replace("deposit: 2", "deposit: 0.123456789"),
				"events[1].deposit: has more than 8 decimals");
	}

	@Test
	void aFunctionWhoseFloorIsAboveItsMaximumIsRejected() throws IOException {
		assertRejected(VALID.replace("cpuBoundary: 25", "cpuBoundary: 150"),
				"function: cpuMax must be at least cpuMin + 2 x cpuBoundary");
	}

	@Test
	void anEventThatDoesNothingIsRejected() throws IOException {
		assertRejected(VALID.replace("    deposit: 2", "    tasks: []"), "events[1]: does nothing");
	}

	@Test
	void aFileThatIsNotYamlOrNotAMappingIsRejected() throws IOException {
		assertRejected("title: [unclosed", "not valid YAML");
		assertRejected("- just\n- a list\n", "the file must be a YAML mapping");
	}

	@Test
	void nothingIsCoercedAQuotedNumberIsNotANumberNorAFractionAWholeOne() throws IOException {
		assertRejected(VALID.replace("deposit: 2", "deposit: '2'"), "events[1].deposit: must be a number");
		assertRejected(VALID.replace("cpuMax: 200", "cpuMax: 200.5"), "function.cpuMax: must be a whole number");
		assertRejected(VALID.replace("idleTimeout: 100", "idleTimeout: yes"),
				"function.idleTimeout: must be a whole number");
	}

	@Test
	void anUnknownPolicyIsRejectedNamingTheValue() throws IOException {
		assertRejected(VALID.replace("policy: GREEDY", "policy: GREEDYY"),
				"account.policy: must be GREEDY or CONSERVATIVE, not 'GREEDYY'");
	}

	@Test
	void aFolderWithoutScenariosIsRejected() {
		assertThatThrownBy(() -> ScenarioFile.loadAll(this.folder)).isInstanceOf(ScenarioException.class)
			.hasMessageContaining("no scenario files (*.yml)");
	}

	private void assertRejected(String yaml, String message) throws IOException {
		Path file = write("bad.yml", yaml);
		assertThatThrownBy(() -> ScenarioFile.load(file)).isInstanceOf(ScenarioException.class)
			.hasMessageStartingWith(file.toString())
			.hasMessageContaining(message);
	}

	private Path write(String name, String content) throws IOException {
		return Files.writeString(this.folder.resolve(name), content);
	}

}
