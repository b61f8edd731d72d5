package org.gridfaas.experiments.run;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.gridfaas.common.api.ContainerStop;
import org.gridfaas.experiments.platform.PlatformApi.StoppedContainer;
import org.gridfaas.experiments.scenario.Scenario.Expectations;

/**
 * What a run must show: billing within 0.5 % of the CPU measured, and the scenario's own
 * expectations (restriction, a stop at the debt limit, how the tasks end).
 */
final class ScenarioChecks {

	/** The largest billing error accepted, percent of the CPU measured. */
	static final double BILLING_TOLERANCE_PERCENT = 0.5;

	/**
	 * CreditManager's stop, told apart from the runner's own at the scenario's end (which
	 * also has a task running, and is also made through the API).
	 */
	private static final String STOPPED_BY_ENFORCEMENT = ContainerStop.OVER_DEBT_LIMIT;

	private ScenarioChecks() {
	}

	static List<Check> of(ScenarioResult result) {
		List<Check> checks = new ArrayList<>();
		double error = result.billingErrorPercent();
		checks.add(new Check("billed CPU within " + BILLING_TOLERANCE_PERCENT + " % of the CPU measured",
				Math.abs(error) <= BILLING_TOLERANCE_PERCENT,
				String.format(Locale.ROOT, "billed %s CPU-s, measured %s CPU-s: %+.4f %%",
						result.usage().billedSeconds().toPlainString(), result.measuredCpuSeconds().toPlainString(),
						error)));
		Expectations expect = result.scenario().expect();
		if (expect.restricted() != null) {
			checks.add(restricted(result, expect.restricted()));
			if (expect.restricted() && Boolean.FALSE.equals(expect.stoppedAtDebtLimit())) {
				checks.add(restrictedTaskCompletes(result));
			}
		}
		if (expect.stoppedAtDebtLimit() != null) {
			checks.add(stoppedAtDebtLimit(result, expect.stoppedAtDebtLimit()));
		}
		if (expect.succeeded() != null) {
			checks.add(count("tasks succeeded", expect.succeeded(), result.tasksIn("SUCCEEDED")));
		}
		if (expect.pending() != null) {
			checks.add(count("tasks pending at the end", expect.pending(), result.tasksIn("PENDING")));
		}
		return List.copyOf(checks);
	}

	private static Check restricted(ScenarioResult result, boolean expected) {
		Optional<Sample> first = result.firstRestricted();
		Optional<Sample> crossed = result.samples().stream().filter((s) -> s.balance().signum() <= 0).findFirst();
		String detail = first.map(
				(s) -> String.format(Locale.ROOT, "restricted at %.1f s (limit %d shares)", s.t(), s.allocatedShares()))
			.orElse("never restricted");
		detail += crossed.map((s) -> String.format(Locale.ROOT, "; the balance reached 0 at %.1f s", s.t()))
			.orElse("; the balance stayed above 0");
		boolean passed = first.isPresent() == expected;
		if (expected && first.isPresent()) {
			// The restriction must follow the balance crossing 0, not come before it.
			passed = crossed.isPresent() && first.get().t() >= crossed.get().t() - 1.0;
		}
		return new Check(expected ? "the container is restricted once the balance crosses 0"
				: "the container is never restricted", passed, detail);
	}

	private static Check restrictedTaskCompletes(ScenarioResult result) {
		List<String> tasks = result.firstRestricted().map(Sample::runningTasks).orElse(List.of());
		List<String> unfinished = tasks.stream()
			.filter((id) -> result.tasks()
				.stream()
				.noneMatch((task) -> task.id().equals(id) && task.state().equals("SUCCEEDED")))
			.toList();
		return new Check("the task running when the restriction began still completes",
				!tasks.isEmpty() && unfinished.isEmpty(),
				tasks.isEmpty() ? "no task was running when restricted"
						: unfinished.isEmpty() ? String.join(", ", tasks) + " succeeded"
								: "did not succeed: " + String.join(", ", unfinished));
	}

	private static Check stoppedAtDebtLimit(ScenarioResult result, boolean expected) {
		Optional<StoppedContainer> stop = result.stopped()
			.stream()
			.filter((c) -> c.reason().endsWith(STOPPED_BY_ENFORCEMENT) && !c.runningTasks().isEmpty())
			.findFirst();
		if (stop.isEmpty()) {
			return new Check(expected ? "the container is stopped at the debt limit, its task back to pending"
					: "no container is stopped with a task running", !expected, "no such stop");
		}
		List<String> requeued = stop.get().runningTasks();
		boolean pendingAgain = requeued.stream()
			.allMatch((id) -> result.tasks()
				.stream()
				.anyMatch((task) -> task.id().equals(id) && task.state().equals("PENDING") && task.failures() == 0));
		BigDecimal limit = result.scenario().account().maxDebt();
		BigDecimal deepest = result.deepest().balance();
		boolean atLimit = deepest.compareTo(limit) <= 0;
		String detail = String.format(Locale.ROOT,
				"stopped with %s running; the balance reached %s GRC (limit %s); the task is %s", requeued,
				deepest.toPlainString(), limit.toPlainString(),
				pendingAgain ? "pending again, with no failure counted" : "not pending");
		return new Check(expected ? "the container is stopped at the debt limit, its task back to pending"
				: "no container is stopped with a task running", expected && atLimit && pendingAgain, detail);
	}

	private static Check count(String what, int expected, long actual) {
		return new Check(what + ": " + expected, expected == actual, actual + "");
	}

}
