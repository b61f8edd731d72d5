package org.gridfaas.experiments.scenario;

import java.math.BigDecimal;
import java.util.List;

/**
 * One scenario of the stress experiment, as written in its file: times are in scenario
 * seconds (the seed's time line), which a run divides by its time-scale factor.
 *
 * @param name the file's name without {@code .yml}
 * @param title one line for the plots and the summary
 * @param description what the scenario shows
 * @param price CPU-seconds one GRC buys at time scale 1; a run needs the platform to
 * charge {@code price / timeScale} so that the money moves as in the seed
 * @param account the user's account settings
 * @param function the stress function's settings
 * @param length how long the scenario lasts, scenario seconds
 * @param events deposits and task batches, in time order
 * @param expect what the run must show
 */
public record Scenario(String name, String title, String description, BigDecimal price, AccountShape account,
		FunctionShape function, long length, List<Event> events, Expectations expect) {

	/**
	 * @param policy GREEDY or CONSERVATIVE
	 * @param minBalance the low-balance threshold, GRC
	 * @param maxDebt the debt limit, GRC, not positive
	 */
	public record AccountShape(String policy, BigDecimal minBalance, BigDecimal maxDebt) {
	}

	/**
	 * @param cpuMax most CPU, shares (100 = 1 core)
	 * @param cpuMin least CPU the scaler keeps, shares
	 * @param cpuBoundary the scaler's step, shares; the restriction floor is
	 * {@code cpuMin + 2 x cpuBoundary}
	 * @param idleTimeout idle scenario seconds before the container stops
	 */
	public record FunctionShape(int cpuMax, int cpuMin, int cpuBoundary, long idleTimeout) {
	}

	/**
	 * Something the user does at a moment: a deposit, a batch of tasks, or both.
	 *
	 * @param at scenario seconds from the start
	 * @param deposit GRC deposited, or {@code null}
	 * @param tasks stress tasks submitted in this order, or empty
	 */
	public record Event(long at, BigDecimal deposit, List<StressTask> tasks) {
	}

	/**
	 * What the run must show; a {@code null} field is not checked.
	 *
	 * @param restricted whether the container is ever pinned at its floor
	 * @param stoppedAtDebtLimit whether the container is stopped with a task running, the
	 * task going back to pending
	 * @param succeeded tasks that end succeeded
	 * @param pending tasks that end pending
	 */
	public record Expectations(Boolean restricted, Boolean stoppedAtDebtLimit, Integer succeeded, Integer pending) {

		static final Expectations NONE = new Expectations(null, null, null, null);

	}

}
