package org.gridfaas.experiments.run;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.gridfaas.experiments.platform.PlatformApi.Standing;
import org.gridfaas.experiments.platform.PlatformApi.StoppedContainer;
import org.gridfaas.experiments.platform.PlatformApi.TaskSummary;
import org.gridfaas.experiments.platform.PlatformApi.Usage;
import org.gridfaas.experiments.scenario.Scenario;
import org.gridfaas.experiments.scenario.ScenarioFile;

/**
 * A made-up run of the bundled debt scenario (experiment1): the container runs from 0 to
 * 30 s, is restricted at 20 s once the balance is below 0, and is stopped when idle; then
 * nothing runs until the end at 40 s.
 */
public final class SyntheticRuns {

	private SyntheticRuns() {
	}

	public static ScenarioResult debtScenario(BigDecimal billed, BigDecimal measured, double restrictedAt) {
		Scenario scenario = ScenarioFile.load(Path.of("stress", "experiment1.yml"));
		RunSettings settings = new RunSettings(10, Duration.ofMillis(250), "test", "script");
		List<Sample> samples = new ArrayList<>();
		for (int i = 0; i <= 160; i++) {
			double t = i * 0.25;
			BigDecimal balance = BigDecimal.valueOf(1.5 - t * 0.08).setScale(2, java.math.RoundingMode.HALF_EVEN);
			boolean runs = t < 30;
			boolean restricted = runs && t >= restrictedAt;
			samples.add(runs
					? new Sample(t, 200, restricted ? 50 : 150, (i == 0) ? null : (restricted ? 50.0 : 120.0),
							restricted, "i1", BigDecimal.valueOf(t), List.of("103.2-20.txt"), balance,
							new BigDecimal("-0.5"), balance.signum() > 0 ? "NORMAL" : "IN_DEBT", 2, 1)
					: new Sample(t, null, null, null, false, null, null, List.of(), balance, new BigDecimal("-0.5"),
							"IN_DEBT", 2, 0));
		}
		List<TaskSummary> tasks = List.of(new TaskSummary("101.1-10.txt", "SUCCEEDED", 1, 0),
				new TaskSummary("103.2-20.txt", "SUCCEEDED", 1, 0), new TaskSummary("104.1-10.txt", "PENDING", 0, 0));
		List<StoppedContainer> stopped = List.of(new StoppedContainer("experiment1-test", "i1",
				Instant.parse("2026-11-27T12:00:30Z"), "idle for 10 s", measured, List.of(), true));
		List<Moment> moments = List.of(new Moment(0, Moment.Kind.DEPOSIT, "deposit of 1.5 GRC"),
				new Moment(restrictedAt, Moment.Kind.RESTRICTED, "CPU restricted: limit 50 shares, balance -0.05 GRC"),
				new Moment(30, Moment.Kind.STOPPED, "container stopped (idle for 10 s)"));
		ScenarioResult result = new ScenarioResult(scenario, "experiment1-test", "experiment1-test", settings, 40,
				samples, moments, tasks, stopped, measured,
				new Usage(measured, billed, new BigDecimal("1.6"), new BigDecimal("0.01"), new BigDecimal("30")),
				new BigDecimal("1.5"), new Standing(new BigDecimal("-0.1"), new BigDecimal("-0.5"), "IN_DEBT"),
				List.of());
		return result.withChecks(ScenarioChecks.of(result));
	}

}
