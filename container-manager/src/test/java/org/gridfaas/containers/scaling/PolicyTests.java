package org.gridfaas.containers.scaling;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.gridfaas.common.cpu.CpuShares;
import org.gridfaas.containers.scaling.ScalingProperties.Mode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both scaling policies on traces of windows, with the seed experiments' bounds: max 400,
 * min 0, boundary 25 (floor 50).
 */
class PolicyTests {

	static final Limits LIMITS = new Limits(CpuShares.of(400), CpuShares.of(0), CpuShares.of(25));

	static final Instant START = Instant.parse("2026-11-27T12:00:00Z");

	static ScalingProperties properties(Mode mode, boolean proportional) {
		return new ScalingProperties(mode, Duration.ofSeconds(10), Duration.ofSeconds(100), 2, 6, 75, proportional, 3,
				false);
	}

	/**
	 * Runs the policy over windows of the given usages (shares) and returns the limits
	 * after each.
	 */
	static int[] run(ScalingPolicy policy, int start, int[] usages, double throttled) {
		int[] limits = new int[usages.length];
		CpuShares current = CpuShares.of(start);
		for (int i = 0; i < usages.length; i++) {
			int used = Math.min(usages[i], current.value());
			double share = (usages[i] > current.value()) ? 1.0 : throttled;
			current = policy.next(current, new Window(used, share), LIMITS, START.plusSeconds(10L * (i + 1)));
			limits[i] = current.value();
		}
		return limits;
	}

	@Test
	void theGuardianScalesUpByItsAmountAfterTwoUpEvents() {
		GuardianPolicy guardian = new GuardianPolicy(properties(Mode.FAITHFUL, false));
		// Demand 200 against a limit of 137: usage sits at the limit, above upper (112).
		assertThat(run(guardian, 137, new int[] { 200, 200, 200, 200 }, 0)).containsExactly(137, 212, 212, 287);
	}

	@Test
	void theGuardianScalesUpInProportionWhenAskedTo() {
		GuardianPolicy guardian = new GuardianPolicy(properties(Mode.FAITHFUL, true));
		// limit 200, upper 175, usage 190: factor (190-175)/25 = 0.6, +45.
		CpuShares current = CpuShares.of(200);
		current = guardian.next(current, new Window(190, 0), LIMITS, START.plusSeconds(10));
		current = guardian.next(current, new Window(190, 0), LIMITS, START.plusSeconds(20));
		assertThat(current).isEqualTo(CpuShares.of(245));
	}

	@Test
	void theGuardianFitsDownToUsagePlusOneAndAHalfBoundariesAfterSixDownEvents() {
		GuardianPolicy guardian = new GuardianPolicy(properties(Mode.FAITHFUL, false));
		assertThat(run(guardian, 200, new int[] { 100, 100, 100, 100, 100, 100 }, 0)).containsExactly(200, 200, 200,
				200, 200, 137);
	}

	@Test
	void guardianEventsExpire() {
		GuardianPolicy guardian = new GuardianPolicy(properties(Mode.FAITHFUL, false));
		CpuShares current = CpuShares.of(137);
		current = guardian.next(current, new Window(137, 0), LIMITS, START);
		// The second up event comes after the first expired: no scale-up yet.
		current = guardian.next(current, new Window(137, 0), LIMITS, START.plusSeconds(150));
		assertThat(current).isEqualTo(CpuShares.of(137));
	}

	@Test
	void bothPoliciesStayWithinTheFloorAndTheMax() {
		for (Mode mode : Mode.values()) {
			ScalingPolicy policy = (mode == Mode.FAITHFUL) ? new GuardianPolicy(properties(mode, false))
					: new ResponsivePolicy(properties(mode, false));
			// Eight idle windows, then twelve of more demand than the max: the Guardian
			// needs two
			// windows per 75 shares, so it takes ten to climb from the floor.
			int[] limits = run(policy, 400,
					new int[] { 1, 1, 1, 1, 1, 1, 1, 1, 900, 900, 900, 900, 900, 900, 900, 900, 900, 900, 900, 900 },
					0);
			for (int limit : limits) {
				assertThat(limit).as(mode.name()).isBetween(50, 400);
			}
			assertThat(limits[7]).as(mode + " falls to the floor").isEqualTo(50);
			assertThat(limits[19]).as(mode + " rises to the max").isEqualTo(400);
		}
	}

	@Test
	void theImprovedPolicyCoversAStepUpInOneWindow() {
		ResponsivePolicy improved = new ResponsivePolicy(properties(Mode.IMPROVED, false));
		// Demand steps from 100 to 200 against a fitted limit of 125: held back, then
		// covered.
		assertThat(run(improved, 125, new int[] { 200, 200 }, 0)).containsExactly(250, 250);
		GuardianPolicy guardian = new GuardianPolicy(properties(Mode.FAITHFUL, false));
		int[] faithful = run(guardian, 137, new int[] { 200, 200, 200, 200 }, 0);
		assertThat(faithful[3]).as("the Guardian needs four windows").isGreaterThanOrEqualTo(200);
		assertThat(faithful[1]).isLessThan(225);
	}

	@Test
	void theImprovedPolicyFitsDownSoonerAndTighter() {
		ResponsivePolicy improved = new ResponsivePolicy(properties(Mode.IMPROVED, false));
		// usage + boundary/2 = 112, where the Guardian keeps usage + 1.5 x boundary =
		// 137.
		assertThat(run(improved, 250, new int[] { 100, 100, 100, 100 }, 0)).containsExactly(250, 250, 112, 112);
	}

	@Test
	void theImprovedPolicyScalesUpOnThrottlingEvenBelowTheThreshold() {
		ResponsivePolicy improved = new ResponsivePolicy(properties(Mode.IMPROVED, false));
		// Bursty use averaging 90 against 150 but throttled in 30 % of the periods.
		assertThat(improved.next(CpuShares.of(150), new Window(90, 0.3), LIMITS, START)).isEqualTo(CpuShares.of(225));
	}

}
