package org.gridfaas.containers.usage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.gridfaas.common.api.UsagePage;
import org.gridfaas.common.api.UsageRecord;
import org.gridfaas.common.cpu.CpuShares;
import org.gridfaas.common.naming.ContainerName;
import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.common.naming.UserName;

import static org.assertj.core.api.Assertions.assertThat;

class UsageLogTests {

	@TempDir
	Path folder;

	JsonMapper json = JsonMapper.builder().build();

	@Test
	void readingsGetIncreasingSequenceNumbersAndExactSeconds() {
		UsageLog log = new UsageLog(this.folder.resolve("usage.jsonl"), this.json);
		UsageRecord first = append(log, Duration.ofNanos(1_500_000_001L), false);
		UsageRecord second = append(log, Duration.ofSeconds(3), true);
		assertThat(first.seq()).isEqualTo(1);
		assertThat(second.seq()).isEqualTo(2);
		assertThat(first.cpuSeconds()).isEqualByComparingTo("1.500000001");
		assertThat(second.last()).isTrue();
	}

	@Test
	void aPageStartsAfterTheCursorAndSaysWhereToGoOn() {
		UsageLog log = new UsageLog(this.folder.resolve("usage.jsonl"), this.json);
		for (int i = 1; i <= 5; i++) {
			append(log, Duration.ofSeconds(i), false);
		}
		UsagePage page = log.page(1, 3);
		assertThat(page.records()).extracting(UsageRecord::seq).containsExactly(2L, 3L, 4L);
		assertThat(page.cursor()).isEqualTo(4);
		assertThat(page.more()).isTrue();
		UsagePage rest = log.page(page.cursor(), 3);
		assertThat(rest.records()).extracting(UsageRecord::seq).containsExactly(5L);
		assertThat(rest.more()).isFalse();
		assertThat(log.page(5, 3).records()).isEmpty();
		assertThat(log.page(5, 3).cursor()).isEqualTo(5);
	}

	@Test
	void readingTheSamePageTwiceGivesTheSameRecords() {
		UsageLog log = new UsageLog(this.folder.resolve("usage.jsonl"), this.json);
		append(log, Duration.ofSeconds(1), false);
		append(log, Duration.ofSeconds(2), false);
		assertThat(log.page(0, 10)).isEqualTo(log.page(0, 10));
	}

	@Test
	void unacknowledgedReadingsSurviveARestartAndNumberingGoesOn() {
		Path file = this.folder.resolve("usage.jsonl");
		UsageLog before = new UsageLog(file, this.json);
		append(before, Duration.ofSeconds(1), false);
		append(before, Duration.ofSeconds(2), true);
		before.acknowledge(before.id(), 1);
		UsageLog after = new UsageLog(file, this.json);
		assertThat(after.page(1, 10).records()).extracting(UsageRecord::seq).containsExactly(2L);
		assertThat(append(after, Duration.ofSeconds(3), false).seq()).isEqualTo(3);
	}

	@Test
	void acknowledgedReadingsAreDroppedAndTheFileCompacted() throws Exception {
		Path file = this.folder.resolve("usage.jsonl");
		UsageLog log = new UsageLog(file, this.json);
		for (int i = 1; i <= 1500; i++) {
			append(log, Duration.ofMillis(i), false);
		}
		assertThat(log.acknowledge(log.id(), 1200)).isTrue();
		assertThat(Files.readAllLines(file)).hasSize(300);
		UsageLog reloaded = new UsageLog(file, this.json);
		assertThat(reloaded.page(1200, 1000).records()).hasSize(300);
		assertThat(append(reloaded, Duration.ofSeconds(2), false).seq()).isEqualTo(1501);
	}

	@Test
	void numberingGoesOnAfterARestartEvenWhenEveryReadingWasAcknowledgedAndCompactedAway() {
		Path file = this.folder.resolve("usage.jsonl");
		UsageLog log = new UsageLog(file, this.json);
		for (int i = 1; i <= 1200; i++) {
			append(log, Duration.ofMillis(i), false);
		}
		assertThat(log.acknowledge(log.id(), 1200)).isTrue();
		UsageLog reloaded = new UsageLog(file, this.json);
		assertThat(reloaded.page(1200, 1000).records()).isEmpty();
		assertThat(append(reloaded, Duration.ofSeconds(2), false).seq()).isEqualTo(1201);
	}

	@Test
	void aCursorPastEverythingThisLogHandedOutIsAnsweredWithWhereTheLogStands() {
		UsageLog log = new UsageLog(this.folder.resolve("usage.jsonl"), this.json);
		append(log, Duration.ofSeconds(1), false);
		append(log, Duration.ofSeconds(2), false);
		UsagePage page = log.page(500, 10);
		assertThat(page.records()).isEmpty();
		assertThat(page.cursor()).as("the reader's cursor came from a lost log").isEqualTo(2);
		assertThat(log.page(0, 10).records()).hasSize(2);
	}

	@Test
	void readingDropsNothingAndOnlyAnAcknowledgementOfThisLogWithinWhatItHandedOutDoes() {
		UsageLog log = new UsageLog(this.folder.resolve("usage.jsonl"), this.json);
		for (int i = 1; i <= 3; i++) {
			append(log, Duration.ofSeconds(i), false);
		}
		assertThat(log.page(2, 10).records()).extracting(UsageRecord::seq).containsExactly(3L);
		assertThat(log.page(0, 10).records()).as("read, not acknowledged").hasSize(3);
		assertThat(log.acknowledge("another-log", 2)).isFalse();
		assertThat(log.acknowledge(log.id(), 4)).as("past anything handed out").isFalse();
		assertThat(log.page(0, 10).records()).hasSize(3);
		assertThat(log.acknowledge(log.id(), 2)).isTrue();
		assertThat(log.page(0, 10).records()).extracting(UsageRecord::seq).containsExactly(3L);
	}

	private static UsageRecord append(UsageLog log, Duration cpu, boolean last) {
		return log.append(ContainerName.of("stress"), "instance-1", UserName.of("alice"), FunctionName.of("stress"),
				cpu, CpuShares.of(200), Instant.parse("2026-11-27T12:00:00Z"), last);
	}

}
