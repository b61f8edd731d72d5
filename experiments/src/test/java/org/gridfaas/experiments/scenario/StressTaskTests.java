package org.gridfaas.experiments.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StressTaskTests {

	@Test
	void aTaskIsNamedAsTheStressScriptReadsItWithItsSecondsScaled() {
		StressTask task = StressTask.parse("2-100");
		assertThat(task.fileName(101, 1)).isEqualTo("101.2-100.txt");
		assertThat(task.fileName(102, 10)).isEqualTo("102.2-10.txt");
		assertThat(task.fileName(103, 30)).as("rounded").isEqualTo("103.2-3.txt");
		assertThat(task.fileName(104, 1000)).as("never below 1 s").isEqualTo("104.2-1.txt");
	}

	@Test
	void anythingButCoresDashSecondsIsRejected() {
		for (String bad : new String[] { "2", "2-", "-100", "2.5-100", "2-100s", "0-10", "1-0", "" }) {
			assertThatThrownBy(() -> StressTask.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
		}
	}

	@Test
	void theStressScriptRunsATaskNamedByTheRunner(@TempDir Path folder) throws Exception {
		Path task = Files.writeString(folder.resolve(new StressTask(1, 10).fileName(101, 10)), "");
		Path out = Files.createDirectory(folder.resolve("out"));
		Process process = new ProcessBuilder("bash", "../functions/stress/process_task.sh", task.toString(),
				out.toString())
			.redirectErrorStream(true)
			.start();
		assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output(process)).isZero();
		assertThat(Files.readString(out.resolve("result.txt"))).contains("task=101.1-1.txt cores=1 seconds=1");
	}

	@Test
	void theStressScriptFailsClearlyOnAMalformedTaskName(@TempDir Path folder) throws Exception {
		Path out = Files.createDirectory(folder.resolve("out"));
		for (String name : new String[] { "101.two-10.txt", "101.1-10", "1-10.txt", "101.0-10.txt" }) {
			Path task = Files.writeString(folder.resolve(name), "");
			Process process = new ProcessBuilder("bash", "../functions/stress/process_task.sh", task.toString(),
					out.toString())
				.redirectErrorStream(true)
				.start();
			assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
			String output = output(process);
			assertThat(process.exitValue()).as(name + ": " + output).isEqualTo(2);
			assertThat(output).as(name).containsAnyOf("malformed task name '" + name + "'", "allowed: 1-256 cores");
		}
		assertThat(out).isEmptyDirectory();
	}

	private static String output(Process process) throws IOException {
		return new String(process.getInputStream().readAllBytes());
	}

}
