package org.gridfaas.experiments;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The runner's command line: bad input gets a readable message and exit status 2. */
class StressExperimentTests {

	private static final String SCRIPT = "../functions/stress/process_task.sh";

	@TempDir
	Path folder;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@Test
	void helpPrintsTheUsage() {
		assertThat(run("--help")).isZero();
		assertThat(this.out.toString()).contains("usage: stress-experiment", "--time-scale N");
	}

	@Test
	void anUnknownOptionIsRejectedWithTheUsage() {
		assertThat(run("--speed", "10")).isEqualTo(2);
		assertThat(this.err.toString()).contains("stress-experiment: unknown option --speed", "usage:");
	}

	@Test
	void aTimeScaleThatIsNotAPositiveNumberIsRejected() {
		for (String bad : new String[] { "0", "-2", "fast", "NaN", "Infinity" }) {
			assertThat(run("--time-scale", bad, "--script", SCRIPT)).as(bad).isEqualTo(2);
		}
		assertThat(this.err.toString()).contains("--time-scale must be a positive number, not 'fast'");
	}

	@Test
	void aMissingTokenFileIsRejectedSayingWhereTheTokenIs() {
		assertThat(run("--script", SCRIPT, "--token-file", "/nonexistent/admin.token", "stress")).isEqualTo(2);
		assertThat(this.err.toString()).contains("cannot read the admin token from /nonexistent/admin.token");
	}

	@Test
	void aBadScenarioFileIsRejectedBeforeAnythingRuns() throws IOException {
		Path scenario = Files.writeString(this.folder.resolve("broken.yml"), "title: x\n");
		assertThat(run("--script", SCRIPT, "--token-file", token(), scenario.toString())).isEqualTo(2);
		assertThat(this.err.toString()).contains("broken.yml: price: must be a number");
	}

	@Test
	void aPlatformThatIsNotRunningIsReportedAsSuch() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		assertThat(run("--script", SCRIPT, "--token-file", token(), "--container-manager", "http://127.0.0.1:" + port,
				"--out", this.folder.resolve("out").toString(), "stress"))
			.isEqualTo(2);
		assertThat(this.err.toString()).contains("Nothing answers at http://127.0.0.1:" + port,
				"is the platform running?");
		assertThat(this.folder.resolve("out")).doesNotExist();
	}

	private String token() throws IOException {
		return Files.writeString(this.folder.resolve("admin.token"), "secret\n").toString();
	}

	private int run(String... args) {
		return StressExperiment.run(args, new PrintStream(this.out, true), new PrintStream(this.err, true));
	}

}
