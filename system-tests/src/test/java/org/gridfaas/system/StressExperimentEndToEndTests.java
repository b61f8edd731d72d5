package org.gridfaas.system;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.gridfaas.experiments.StressExperiment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stress experiment's runner against the platform as deployed, at time scale 20: the
 * debt scenario (restricted, completes, repaid) and the abort scenario (stopped at the
 * debt limit, task pending again), each checked by the runner itself, billing included.
 * The settings are those {@code deploy.sh demo} writes for that time scale.
 */
class StressExperimentEndToEndTests {

	private static final int TIME_SCALE = 20;

	/**
	 * CreditManager at the time scale, as {@code deploy.sh demo} sets it: the seed's 10 s
	 * period and 1 s noise threshold divided by it, the scenarios' price (300 CPU-seconds
	 * per GRC) multiplied by it.
	 */
	private static final Map<String, String> BILLING = Map.of("gridfaas.metering.period", (10_000 / TIME_SCALE) + "ms",
			"gridfaas.metering.vcore-seconds-per-grc", String.valueOf(300 / TIME_SCALE),
			"gridfaas.metering.noise-threshold", (1_000 / TIME_SCALE) + "ms");

	/**
	 * ContainerManager at the time scale, as {@code deploy.sh demo} sets it: the scaler's
	 * 10 s window and 100 s event lifetime divided by it.
	 */
	private static final Map<String, String> CONTAINERS = Map.of("gridfaas.scaling.window",
			(10_000 / TIME_SCALE) + "ms", "gridfaas.scaling.event-lifetime", (100_000 / TIME_SCALE) + "ms",
			"gridfaas.tasks.poll-interval", "200ms", "gridfaas.credit-manager.cache-for", "0s");

	@Test
	void theDebtAndAbortScenariosShowWhatTheSeedShowsAndTheReportIsWritten() throws Exception {
		Platform.assumeLocalRuntimeCanRun();
		try (Platform platform = Platform.start(BILLING, CONTAINERS)) {
			Path token = Files.writeString(platform.home.resolve("admin.token"), Platform.ADMIN);
			Path report = platform.home.resolve("report");
			Path scenarios = Path.of(System.getProperty("gridfaas.test.scenarios"));
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			int status = StressExperiment.run(new String[] { "--time-scale", String.valueOf(TIME_SCALE),
					"--container-manager", platform.containerManager.url(), "--credit-manager",
					platform.creditManager.url(), "--token-file", token.toString(), "--script",
					System.getProperty("gridfaas.test.stress-script"), "--out", report.toString(),
					scenarios.resolve("experiment1.yml").toString(), scenarios.resolve("experiment2.yml").toString() },
					new PrintStream(out, true), new PrintStream(out, true));
			assertThat(status).as(out.toString()).isZero();
			for (String scenario : List.of("experiment1", "experiment2")) {
				for (String file : List.of("cpu.png", "funds.png", "tasks.png", "series.csv")) {
					assertThat(report.resolve(scenario).resolve(file)).as(file).isNotEmptyFile();
				}
			}
			String summary = Files.readString(report.resolve("summary.md"));
			assertThat(summary).contains("| [experiment1](#experiment1) | 6 / 0 / 0 / 0 |")
				.contains("| [experiment2](#experiment2) | 0 / 1 / 0 / 1 |")
				.contains("(stopped through the API: its owner is over the debt limit)")
				.doesNotContain("FAILED");
			assertThat(platform.ledgerBalanced()).isTrue();
		}
	}

}
