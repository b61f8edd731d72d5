package org.gridfaas.experiments.run;

import java.time.Duration;

/**
 * How scenarios are run.
 *
 * @param timeScale scenario seconds per wall-clock second (10 runs the seed's 2,200 s in
 * 220 s)
 * @param sampleEvery how often the platform is sampled
 * @param runId makes this run's users and functions new ones
 * @param stressScript the stress function's task script
 */
public record RunSettings(double timeScale, Duration sampleEvery, String runId, String stressScript) {

	/** The time scale as people write it: {@code 10}, not {@code 10.0}. */
	public String timeScaleText() {
		return (this.timeScale == Math.rint(this.timeScale)) ? String.valueOf((long) this.timeScale)
				: String.valueOf(this.timeScale);
	}

	/** Scenario seconds as wall-clock seconds. */
	public double wall(double scenarioSeconds) {
		return scenarioSeconds / this.timeScale;
	}

}
