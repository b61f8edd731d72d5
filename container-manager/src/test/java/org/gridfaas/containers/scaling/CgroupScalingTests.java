package org.gridfaas.containers.scaling;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.gridfaas.common.cpu.CpuShares;
import org.gridfaas.containers.cgroup.Cgroups;
import org.gridfaas.containers.cgroup.CpuCgroup;
import org.gridfaas.containers.scaling.ScalingProperties.Mode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The scaler on a real cgroup with a real CPU load (bash busy loops, one core each), in
 * one-second windows. Max 200 shares (this machine's two cores), boundary 25, floor 50.
 *
 * <p>
 * How much CPU the loops get depends on what else the machine runs, so these tests assert
 * what the platform controls: every decision is the policy's answer to the window the
 * cgroup's counters measured, and is the limit written to the cgroup; the cgroup holds
 * usage to its limit; a throttled window is scaled up at once; a restriction pins the
 * floor within one window.
 */
class CgroupScalingTests {

	static final Limits LIMITS = new Limits(CpuShares.of(200), CpuShares.of(0), CpuShares.of(25));

	static final Duration WINDOW = Duration.ofSeconds(1);

	/** CFS accounts per period, so a window's average may pass the limit by a little. */
	static final int ACCOUNTING_SLACK = 15;

	String parent = "gridfaas-test-" + UUID.randomUUID().toString().substring(0, 8);

	CpuCgroup group;

	final List<Process> loops = new ArrayList<>();

	final List<CgroupScaling.Step> steps = new ArrayList<>();

	final List<Decision> decisions = new ArrayList<>();

	@BeforeEach
	void createGroup() {
		Cgroups cgroups = Cgroups.detect(Path.of("/sys/fs/cgroup"), this.parent, Cgroups.DEFAULT_PERIOD).orElse(null);
		assumeTrue(cgroups != null, "cgroups are not writable here");
		this.group = cgroups.create("scaled",
				new org.gridfaas.containers.cgroup.ResourceLimits(
						org.springframework.util.unit.DataSize.ofMegabytes(256), 128,
						org.springframework.util.unit.DataSize.ofMegabytes(64)));
		this.group.setLimit(LIMITS.max());
	}

	@AfterEach
	void destroyGroup() throws Exception {
		this.loops.forEach(Process::destroyForcibly);
		if (this.group != null) {
			this.group.destroy();
			for (String hierarchy : java.util.List.of("cpu", "cpuacct", "memory", "pids")) {
				Files.deleteIfExists(Path.of("/sys/fs/cgroup", hierarchy, this.parent));
			}
		}
	}

	@Test
	void eachWindowsLimitIsThePolicysAnswerToWhatTheCgroupMeasuredAndAThrottledWindowScalesUpAtOnce() throws Exception {
		CgroupScaling scaling = recorded(Mode.IMPROVED);
		addLoop();
		windows(scaling, false, 5);
		addLoop();
		windows(scaling, false, 3);
		this.loops.remove(0).destroyForcibly().waitFor();
		windows(scaling, false, 5);

		assertThat(this.decisions).hasSize(this.steps.size());
		for (int i = 0; i < this.steps.size(); i++) {
			Decision decision = this.decisions.get(i);
			CgroupScaling.Step step = this.steps.get(i);
			assertThat(step.allocated()).as("step %d is the policy's answer", i).isEqualTo(decision.next());
			assertThat(step.used()).as("step %d measured the window the policy saw", i)
				.isEqualTo(decision.window().used());
			assertThat(decision.window().used()).as("the cgroup held window %d to its limit", i)
				.isLessThanOrEqualTo(decision.current().value() + ACCOUNTING_SLACK);
			if (decision.window().throttledShare() > 0.05 && decision.current().compareTo(LIMITS.max()) < 0) {
				assertThat(decision.next()).as("throttled window %d scales up at once", i)
					.isGreaterThan(decision.current());
			}
		}
		assertThat(this.group.limit()).as("the last limit is the one written").hasValue(last().allocated());
		assertThat(this.steps).allSatisfy((step) -> assertThat(step.allocated().value()).isBetween(50, 200));
	}

	@Test
	void aRestrictionPinsTheLimitAtTheFloorWithinOneWindowAndTheCgroupHoldsUsageThere() throws Exception {
		CgroupScaling scaling = CgroupScaling.of(properties(Mode.IMPROVED));
		addLoop();
		addLoop();
		windows(scaling, false, 2);
		List<CgroupScaling.Step> restricted = windows(scaling, true, 3);
		assertThat(restricted.get(0).allocated()).isEqualTo(LIMITS.floor());
		assertThat(this.group.limit()).hasValue(LIMITS.floor());
		assertThat(restricted.subList(1, 3)).as("measured usage held at the floor")
			.allSatisfy(
					(step) -> assertThat(step.used()).isLessThanOrEqualTo(LIMITS.floor().value() + ACCOUNTING_SLACK));
		List<CgroupScaling.Step> lifted = windows(scaling, false, 2);
		assertThat(lifted.get(1).allocated().value()).as("scaling resumes from the floor").isGreaterThan(50);
	}

	@Test
	void theFaithfulGuardianAlsoStaysWithinTheFloorAndTheMaxAndWritesEachDecision() throws Exception {
		CgroupScaling scaling = recorded(Mode.FAITHFUL);
		addLoop();
		windows(scaling, false, 8);
		for (int i = 0; i < this.steps.size(); i++) {
			assertThat(this.steps.get(i).allocated()).isEqualTo(this.decisions.get(i).next());
		}
		assertThat(this.group.limit()).hasValue(last().allocated());
		assertThat(this.steps).allSatisfy((step) -> assertThat(step.allocated().value()).isBetween(50, 200));
	}

	/** A scaler whose policy's every decision is kept in {@link #decisions}. */
	private CgroupScaling recorded(Mode mode) {
		ScalingPolicy policy = CgroupScaling.of(properties(mode)).policy();
		return new CgroupScaling((current, window, limits, now) -> {
			CpuShares next = policy.next(current, window, limits, now);
			this.decisions.add(new Decision(current, window, next));
			return next;
		});
	}

	/** One decision of the policy: the limit in force, the window and the answer. */
	record Decision(CpuShares current, Window window, CpuShares next) {
	}

	private static ScalingProperties properties(Mode mode) {
		return new ScalingProperties(mode, WINDOW, Duration.ofSeconds(10), 2, 6, 75, false, 3, false);
	}

	private List<CgroupScaling.Step> windows(CgroupScaling scaling, boolean restricted, int count) throws Exception {
		if (scaling.latest() == null) {
			scaling.step(this.group, LIMITS, restricted, Instant.now());
		}
		List<CgroupScaling.Step> taken = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Thread.sleep(WINDOW.toMillis());
			scaling.step(this.group, LIMITS, restricted, Instant.now()).ifPresent(taken::add);
		}
		this.steps.addAll(taken);
		return taken;
	}

	private CgroupScaling.Step last() {
		return this.steps.get(this.steps.size() - 1);
	}

	private void addLoop() throws Exception {
		List<String> command = new ArrayList<>(List.of("/bin/sh", "-c",
				"for f; do [ \"$f\" = -- ] && break; echo $$ > \"$f\"; shift; done; shift; exec \"$@\"", "join"));
		this.group.procsFiles().forEach((file) -> command.add(file.toString()));
		command.addAll(List.of("--", "bash", "-c", "while :; do :; done"));
		this.loops.add(new ProcessBuilder(command).start());
	}

}
