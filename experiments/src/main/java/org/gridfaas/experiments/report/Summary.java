package org.gridfaas.experiments.report;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.gridfaas.experiments.run.Check;
import org.gridfaas.experiments.run.Moment;
import org.gridfaas.experiments.run.Sample;
import org.gridfaas.experiments.run.ScenarioResult;

/** {@code summary.md}: per scenario, the figures, the checks and the time line. */
public final class Summary {

	private Summary() {
	}

	public static void write(List<ScenarioResult> results, Path file, Instant startedAt, String platform)
			throws IOException {
		Files.writeString(file, render(results, startedAt, platform));
	}

	static String render(List<ScenarioResult> results, Instant startedAt, String platform) {
		StringBuilder md = new StringBuilder();
		md.append("# gridfaas stress experiment\n\n");
		ScenarioResult first = results.get(0);
		double wall = results.stream().mapToDouble(ScenarioResult::wallSeconds).sum();
		md.append(String.format(Locale.ROOT,
				"Run %s against %s. Time scale %s: scenario times are divided by it, so the plots' time axis is "
						+ "wall-clock seconds. Containers may use up to %d shares (100 = 1 core). "
						+ "Price: %s CPU-seconds per GRC. Scenarios took %.0f s in all.%n%n",
				startedAt.truncatedTo(ChronoUnit.SECONDS), platform, first.settings().timeScaleText(),
				first.scenario().function().cpuMax(),
				first.usage().vcoreSecondsPerGrc().stripTrailingZeros().toPlainString(), wall));
		md.append("| Scenario | Tasks done / requeued / failed / pending | GRC charged | CPU-s billed | CPU-s measured"
				+ " | Error | Deepest balance | Checks |\n");
		md.append("|---|---|---|---|---|---|---|---|\n");
		for (ScenarioResult r : results) {
			md.append(String.format(Locale.ROOT,
					"| [%s](#%s) | %d / %d / %d / %d | %s | %s | %s | %+.4f %% | %s | %s |%n", r.scenario().name(),
					r.scenario().name(), r.tasksIn("SUCCEEDED"), r.requeues(), r.tasksIn("FAILED"),
					r.tasksIn("PENDING"), plain(r.usage().charged()), plain(r.usage().billedSeconds()),
					plain(r.measuredCpuSeconds()), r.billingErrorPercent(), plain(r.deepest().balance()),
					r.passed() ? "all passed" : "FAILED"));
		}
		for (ScenarioResult r : results) {
			scenario(md, r);
		}
		md.append("\n## What the figures are\n\n")
			.append("- *CPU-s measured*: the sum of the final CPU readings of the container's instances, "
					+ "taken by ContainerManager from each instance's cgroup (`cpuacct.usage`) after its last "
					+ "process ended (`GET /api/v1/containers/stopped`).\n")
			.append("- *CPU-s billed*: what CreditManager metered for the user (`GET /api/v1/accounts/{user}/usage`).\n")
			.append("- *GRC charged*: the charges posted to the user's ledger; what is owed below one minimum charge "
					+ "waits for the next.\n")
			.append("- *Used* in the CPU plot: the change of the container's CPU counter over about one second.\n")
			.append("- `series.csv` in each scenario's folder has every sample.\n");
		return md.toString();
	}

	private static void scenario(StringBuilder md, ScenarioResult r) {
		String name = r.scenario().name();
		md.append("\n## ").append(name).append("\n\n");
		md.append("**").append(r.scenario().title()).append(".** ").append(r.scenario().description()).append("\n\n");
		md.append(String.format("![CPU](%1$s/cpu.png)%n![Funds](%1$s/funds.png)%n![Tasks](%1$s/tasks.png)%n%n", name));
		md.append("| | |\n|---|---|\n");
		row(md, "User / function", "`" + r.user() + "` / `" + r.function() + "`");
		row(md, "Tasks", String.format(Locale.ROOT, "%d succeeded, %d requeued, %d failed, %d pending at the end",
				r.tasksIn("SUCCEEDED"), r.requeues(), r.tasksIn("FAILED"), r.tasksIn("PENDING")));
		row(md, "GRC deposited", plain(r.deposited()));
		row(md, "GRC charged",
				plain(r.usage().charged()) + " (owed below one minimum charge: " + plain(r.usage().pending()) + ")");
		row(md, "Balance at the end", plain(r.end().balance()) + " GRC (" + r.end().status() + ")");
		Sample deepest = r.deepest();
		row(md, "Deepest balance", String.format(Locale.ROOT, "%s GRC at %.1f s (debt limit %s)",
				plain(deepest.balance()), deepest.t(), plain(r.scenario().account().maxDebt())));
		row(md, "CPU-seconds measured (cgroups)", plain(r.measuredCpuSeconds()));
		row(md, "CPU-seconds billed",
				String.format(Locale.ROOT, "%s (%+.4f %%)", plain(r.usage().billedSeconds()), r.billingErrorPercent()));
		row(md, "Restricted", restriction(r));
		row(md, "Container stops", stops(r));
		row(md, "Wall time", String.format(Locale.ROOT, "%.1f s", r.wallSeconds()));
		md.append("\n");
		for (Check check : r.checks()) {
			md.append(check.passed() ? "- [x] " : "- [ ] **FAILED** ")
				.append(check.what())
				.append(": ")
				.append(check.detail())
				.append("\n");
		}
		md.append("\n<details><summary>Time line</summary>\n\n");
		for (Moment moment : r.moments()) {
			md.append(String.format(Locale.ROOT, "- %7.1f s  %s%n", moment.t(), moment.what()));
		}
		md.append("\n</details>\n");
	}

	private static String restriction(ScenarioResult r) {
		String spans = r.moments(Moment.Kind.RESTRICTED, Moment.Kind.LIFTED)
			.stream()
			.map((m) -> String.format(Locale.ROOT, "%s at %.1f s",
					(m.kind() == Moment.Kind.RESTRICTED) ? "restricted" : "lifted", m.t()))
			.collect(Collectors.joining(", "));
		return spans.isEmpty() ? "never" : spans;
	}

	private static String stops(ScenarioResult r) {
		return r.moments(Moment.Kind.STOPPED, Moment.Kind.STOPPED_RUNNING)
			.stream()
			.map((m) -> String.format(Locale.ROOT, "%.1f s %s", m.t(),
					m.what().substring("container stopped ".length())))
			.collect(Collectors.joining("; "));
	}

	private static void row(StringBuilder md, String name, String value) {
		md.append("| ").append(name).append(" | ").append(value.isEmpty() ? "none" : value).append(" |\n");
	}

	private static String plain(BigDecimal value) {
		return value.stripTrailingZeros().toPlainString();
	}

}
