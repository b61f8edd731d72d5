package org.gridfaas.experiments;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.gridfaas.experiments.scenario.Scenario;
import org.gridfaas.experiments.scenario.ScenarioException;
import org.gridfaas.experiments.scenario.ScenarioFile;

/**
 * The runner's command line. Every option has a default that fits the single-node
 * deployment, run from the repository's root.
 *
 * @param scenarios the scenarios to run, in order
 * @param timeScale scenario seconds per wall-clock second
 * @param containerManager ContainerManager's base URL
 * @param creditManager CreditManager's base URL
 * @param token the admin token
 * @param script the stress function's task script
 * @param out where the report goes
 * @param sampleEvery how often the platform is sampled
 * @param help whether only the usage was asked for
 */
record ExperimentOptions(List<Scenario> scenarios, double timeScale, URI containerManager, URI creditManager,
		String token, Path script, Path out, Duration sampleEvery, boolean help) {

	static final String USAGE = """
			usage: stress-experiment [options] [scenario.yml | folder]...
			  Runs the stress experiment's scenarios (default: experiments/stress/*.yml) against a
			  running gridfaas and writes cpu.png, funds.png, tasks.png and series.csv per scenario
			  and summary.md into the output folder.
			options:
			  --time-scale N          scenario seconds per wall-clock second (default 10)
			  --container-manager URL (default http://127.0.0.1:8080)
			  --credit-manager URL    (default http://127.0.0.1:8081)
			  --token-file FILE       the admin token (default .gridfaas/admin.token, or $GRIDFAAS_ADMIN_TOKEN)
			  --script FILE           the stress task script (default functions/stress/process_task.sh)
			  --out FOLDER            (default experiments/results/<date-time>)
			  --sample-every MS       sampling period in milliseconds (default 250)
			  --help""";

	private static final Set<String> WITH_VALUE = Set.of("--time-scale", "--container-manager", "--credit-manager",
			"--token-file", "--script", "--out", "--sample-every");

	static ExperimentOptions parse(String[] args) {
		double timeScale = 10;
		URI containerManager = URI.create("http://127.0.0.1:8080");
		URI creditManager = URI.create("http://127.0.0.1:8081");
		Path tokenFile = null;
		Path script = Path.of("functions/stress/process_task.sh");
		Path out = Path.of("experiments", "results",
				LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss")));
		Duration sampleEvery = Duration.ofMillis(250);
		List<Path> sources = new ArrayList<>();
		List<String> rest = Arrays.asList(args);
		for (int i = 0; i < rest.size(); i++) {
			String arg = rest.get(i);
			if (arg.equals("--help") || arg.equals("-h")) {
				return new ExperimentOptions(List.of(), timeScale, containerManager, creditManager, "", script, out,
						sampleEvery, true);
			}
			if (!arg.startsWith("--")) {
				sources.add(Path.of(arg));
				continue;
			}
			if (!WITH_VALUE.contains(arg)) {
				throw new IllegalArgumentException("unknown option " + arg);
			}
			if (i + 1 >= rest.size()) {
				throw new IllegalArgumentException(arg + " needs a value");
			}
			String value = rest.get(++i);
			switch (arg) {
				case "--time-scale" -> timeScale = positive(arg, value);
				case "--container-manager" -> containerManager = url(arg, value);
				case "--credit-manager" -> creditManager = url(arg, value);
				case "--token-file" -> tokenFile = Path.of(value);
				case "--script" -> script = Path.of(value);
				case "--out" -> out = Path.of(value);
				case "--sample-every" -> sampleEvery = Duration.ofMillis((long) positive(arg, value));
				default -> throw new IllegalStateException(arg);
			}
		}
		if (!Files.isReadable(script)) {
			throw new IllegalArgumentException("the stress task script " + script
					+ " is not readable (run from the repository's root, or give --script)");
		}
		if (sources.isEmpty()) {
			sources.add(Path.of("experiments", "stress"));
		}
		return new ExperimentOptions(scenarios(sources), timeScale, containerManager, creditManager, token(tokenFile),
				script, out, sampleEvery, false);
	}

	private static List<Scenario> scenarios(List<Path> sources) {
		List<Scenario> scenarios = new ArrayList<>();
		for (Path source : sources) {
			if (Files.isDirectory(source)) {
				scenarios.addAll(ScenarioFile.loadAll(source));
			}
			else if (Files.isRegularFile(source)) {
				scenarios.add(ScenarioFile.load(source));
			}
			else {
				throw new ScenarioException(source + ": no such scenario file or folder");
			}
		}
		return scenarios;
	}

	private static String token(Path file) {
		if (file == null) {
			String fromEnvironment = System.getenv("GRIDFAAS_ADMIN_TOKEN");
			if (fromEnvironment != null && !fromEnvironment.isBlank()) {
				return fromEnvironment.strip();
			}
			file = Path.of(".gridfaas", "admin.token");
		}
		try {
			String token = Files.readString(file).strip();
			if (token.isEmpty()) {
				throw new IllegalArgumentException("the token file " + file + " is empty");
			}
			return token;
		}
		catch (IOException ex) {
			throw new IllegalArgumentException(
					"cannot read the admin token from " + file + " (give --token-file, or set GRIDFAAS_ADMIN_TOKEN)");
		}
	}

	private static double positive(String option, String value) {
		try {
			double number = Double.parseDouble(value);
			if (!(number > 0) || Double.isInfinite(number)) {
				throw new NumberFormatException();
			}
			return number;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(option + " must be a positive number, not '" + value + "'");
		}
	}

	private static URI url(String option, String value) {
		try {
			URI uri = URI.create(value);
			if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
				throw new IllegalArgumentException();
			}
			return uri;
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(option + " must be an http(s) URL, not '" + value + "'");
		}
	}

	@Override
	public String toString() {
		return "ExperimentOptions[scenarios=" + this.scenarios.size() + ", timeScale=" + this.timeScale
				+ ", token=[PROTECTED]]";
	}

}
