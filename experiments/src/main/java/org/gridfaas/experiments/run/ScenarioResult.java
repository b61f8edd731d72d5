package org.gridfaas.experiments.run;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.gridfaas.experiments.platform.PlatformApi.Standing;
import org.gridfaas.experiments.platform.PlatformApi.StoppedContainer;
import org.gridfaas.experiments.platform.PlatformApi.TaskSummary;
import org.gridfaas.experiments.platform.PlatformApi.Usage;
import org.gridfaas.experiments.scenario.Scenario;

/**
 * Everything one scenario run showed.
 *
 * @param scenario the scenario
 * @param user the user it ran as
 * @param function the function it ran
 * @param settings how it was run
 * @param wallSeconds how long it took
 * @param samples the time series
 * @param moments what happened when
 * @param tasks every task at the end
 * @param stopped the container's instances, all stopped by the end
 * @param measuredCpuSeconds CPU the instances used, from their cgroups (ContainerManager)
 * @param usage what CreditManager metered and charged
 * @param deposited GRC deposited
 * @param end the account at the end
 * @param checks what the run had to show, and whether it did
 */
public record ScenarioResult(Scenario scenario, String user, String function, RunSettings settings, double wallSeconds,
		List<Sample> samples, List<Moment> moments, List<TaskSummary> tasks, List<StoppedContainer> stopped,
		BigDecimal measuredCpuSeconds, Usage usage, BigDecimal deposited, Standing end, List<Check> checks) {

	/** This result with what it was checked for. */
	ScenarioResult withChecks(List<Check> checks) {
		return new ScenarioResult(this.scenario, this.user, this.function, this.settings, this.wallSeconds,
				this.samples, this.moments, this.tasks, this.stopped, this.measuredCpuSeconds, this.usage,
				this.deposited, this.end, List.copyOf(checks));
	}

	public boolean passed() {
		return this.checks.stream().allMatch(Check::passed);
	}

	public long tasksIn(String state) {
		return this.tasks.stream().filter((task) -> task.state().equals(state)).count();
	}

	/** Times a task went back to pending without failing (a stopped container). */
	public long requeues() {
		return this.tasks.stream()
			.mapToLong((task) -> task.attempts() - task.failures() - (task.state().equals("PENDING") ? 0 : 1))
			.filter((requeues) -> requeues > 0)
			.sum();
	}

	/** The first sample in which the container was restricted. */
	public Optional<Sample> firstRestricted() {
		return this.samples.stream().filter(Sample::restricted).findFirst();
	}

	/** The moments of these kinds, in time order. */
	public List<Moment> moments(Moment.Kind... kinds) {
		Set<Moment.Kind> wanted = Set.of(kinds);
		return this.moments.stream().filter((moment) -> wanted.contains(moment.kind())).toList();
	}

	/** The lowest balance sampled. */
	public Sample deepest() {
		Sample deepest = this.samples.get(0);
		for (Sample sample : this.samples) {
			if (sample.balance().compareTo(deepest.balance()) < 0) {
				deepest = sample;
			}
		}
		return deepest;
	}

	/** Billed minus measured CPU-seconds, as a percentage of measured. */
	public double billingErrorPercent() {
		if (this.measuredCpuSeconds.signum() == 0) {
			return this.usage.billedSeconds().signum() == 0 ? 0 : Double.POSITIVE_INFINITY;
		}
		return this.usage.billedSeconds().subtract(this.measuredCpuSeconds).doubleValue()
				/ this.measuredCpuSeconds.doubleValue() * 100;
	}

}
