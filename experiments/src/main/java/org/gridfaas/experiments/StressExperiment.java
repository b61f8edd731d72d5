package org.gridfaas.experiments;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.gridfaas.experiments.platform.PlatformApi;
import org.gridfaas.experiments.platform.PlatformException;
import org.gridfaas.experiments.report.Charts;
import org.gridfaas.experiments.report.SeriesCsv;
import org.gridfaas.experiments.report.Summary;
import org.gridfaas.experiments.run.Check;
import org.gridfaas.experiments.run.RunSettings;
import org.gridfaas.experiments.run.ScenarioResult;
import org.gridfaas.experiments.run.ScenarioRun;
import org.gridfaas.experiments.scenario.Scenario;
import org.gridfaas.experiments.scenario.ScenarioException;

/**
 * Runs the stress experiment's scenarios against a running platform and writes the
 * report: per scenario {@code cpu.png}, {@code funds.png}, {@code tasks.png} and
 * {@code series.csv}, and one {@code summary.md}. Exit status 0 when every check passed,
 * 1 when one failed, 2 on bad input or an unreachable platform.
 */
public final class StressExperiment {

	private StressExperiment() {
	}

	public static void main(String[] args) {
		System.setProperty("java.awt.headless", "true");
		System.exit(run(args, System.out, System.err));
	}

	/** Runs with command-line arguments; returns the exit status. */
	public static int run(String[] args, PrintStream out, PrintStream err) {
		ExperimentOptions options;
		try {
			options = ExperimentOptions.parse(args);
		}
		catch (ScenarioException ex) {
			err.println("stress-experiment: " + ex.getMessage());
			return 2;
		}
		catch (IllegalArgumentException ex) {
			err.println("stress-experiment: " + ex.getMessage());
			err.println(ExperimentOptions.USAGE);
			return 2;
		}
		if (options.help()) {
			out.println(ExperimentOptions.USAGE);
			return 0;
		}
		try {
			List<ScenarioResult> results = runAll(options, out);
			out.println();
			out.println("Report: " + options.out().resolve("summary.md").toAbsolutePath());
			boolean passed = results.stream().allMatch(ScenarioResult::passed);
			out.println(passed ? "Every check passed." : "Some checks FAILED; see the report.");
			return passed ? 0 : 1;
		}
		catch (ScenarioException | PlatformException ex) {
			err.println("stress-experiment: " + ex.getMessage());
			return 2;
		}
		catch (IOException ex) {
			err.println("stress-experiment: cannot write the report: " + ex.getMessage());
			return 2;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			err.println("stress-experiment: interrupted");
			return 2;
		}
	}

	private static List<ScenarioResult> runAll(ExperimentOptions options, PrintStream out)
			throws IOException, InterruptedException {
		List<Scenario> scenarios = options.scenarios();
		String script = Files.readString(options.script());
		PlatformApi api = new PlatformApi(options.containerManager(), options.creditManager(), options.token());
		api.requireHealthy();
		Files.createDirectories(options.out());
		RunSettings settings = new RunSettings(options.timeScale(), options.sampleEvery(), runId(), script);
		Instant startedAt = Instant.now();
		double total = scenarios.stream().mapToDouble((s) -> settings.wall(s.length())).sum();
		out.printf(Locale.ROOT, "Running %d scenarios at time scale %s (at most %.0f s), run %s%n", scenarios.size(),
				options.timeScale(), total, settings.runId());
		List<ScenarioResult> results = new ArrayList<>();
		for (Scenario scenario : scenarios) {
			out.printf(Locale.ROOT, "%n%s: %s (at most %.0f s)%n", scenario.name(), scenario.title(),
					settings.wall(scenario.length()));
			ScenarioResult result = new ScenarioRun(api, scenario, settings).run();
			Path folder = Files.createDirectories(options.out().resolve(scenario.name()));
			Charts.write(result, folder);
			SeriesCsv.write(result, folder.resolve("series.csv"));
			for (Check check : result.checks()) {
				out.println("  " + (check.passed() ? "ok     " : "FAILED ") + check.what() + ": " + check.detail());
			}
			results.add(result);
			// Rewritten after each scenario, so an interrupted run still leaves a report.
			Summary.write(results, options.out().resolve("summary.md"), startedAt,
					options.containerManager() + " and " + options.creditManager());
		}
		return results;
	}

	/** Short, new each run, valid in user and bucket names. */
	private static String runId() {
		return Long.toString(System.currentTimeMillis() / 1000 % 60_466_176L, 36);
	}

}
