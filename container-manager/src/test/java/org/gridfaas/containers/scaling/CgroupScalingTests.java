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
 */
class CgroupScalingTests {

	static final Limits LIMITS = new Limits(CpuShares.of(200), CpuShares.of(0), CpuShares.of(25));

	static final Duration WINDOW = Duration.ofSeconds(1);

	String parent = "gridfaas-test-" + UUID.randomUUID().toString().substring(0, 8);

	CpuCgroup group;

	final List<Process> loops = new ArrayList<>();

	final List<CgroupScaling.Step> steps = new ArrayList<>();

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
	void theLimitFollowsAStepUpWithinThreeWindowsAndFallsAfterAStepDown() throws Exception {
		CgroupScaling scaling = CgroupScaling.of(properties(Mode.IMPROVED));
		addLoop();
		windows(scaling, false, 6);
		CgroupScaling.Step fitted = last();
		assertThat(fitted.allocated().value()).as("fitted to one core").isBetween(110, 150);

		addLoop();
		List<CgroupScaling.Step> afterStepUp = windows(scaling, false, 3);
		assertThat(afterStepUp).as("the limit covers two cores within three windows: " + afterStepUp)
			.anySatisfy((step) -> assertThat(step.allocated().value()).isGreaterThanOrEqualTo(190));

		this.loops.remove(0).destroyForcibly().waitFor();
		List<CgroupScaling.Step> afterStepDown = windows(scaling, false, 6);
		assertThat(afterStepDown.get(afterStepDown.size() - 1).allocated().value()).as("falls back: " + afterStepDown)
			.isLessThan(160);

		assertThat(this.steps).allSatisfy((step) -> assertThat(step.allocated().value()).isBetween(50, 200));
	}

	@Test
	void aRestrictionPinsTheLimitAtTheFloorWithinOneWindowAndUsageFallsToIt() throws Exception {
		CgroupScaling scaling = CgroupScaling.of(properties(Mode.IMPROVED));
		addLoop();
		addLoop();
		windows(scaling, false, 2);
		assertThat(last().used()).isGreaterThan(150);
		List<CgroupScaling.Step> restricted = windows(scaling, true, 3);
		assertThat(restricted.get(0).allocated()).isEqualTo(LIMITS.floor());
		assertThat(this.group.limit()).hasValue(LIMITS.floor());
		assertThat(restricted.get(2).used()).as("measured usage falls to the floor").isBetween(40, 60);
		List<CgroupScaling.Step> lifted = windows(scaling, false, 2);
		assertThat(lifted.get(1).allocated().value()).as("scaling resumes from the floor").isGreaterThan(50);
	}

	@Test
	void theFaithfulGuardianAlsoStaysWithinTheFloorAndTheMax() throws Exception {
		CgroupScaling scaling = CgroupScaling.of(properties(Mode.FAITHFUL));
		addLoop();
		windows(scaling, false, 8);
		assertThat(last().allocated().value()).as("fitted: usage + 1.5 x boundary").isBetween(125, 150);
		assertThat(this.steps).allSatisfy((step) -> assertThat(step.allocated().value()).isBetween(50, 200));
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
