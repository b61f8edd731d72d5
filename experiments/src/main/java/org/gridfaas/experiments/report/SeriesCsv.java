package org.gridfaas.experiments.report;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.gridfaas.experiments.run.Sample;
import org.gridfaas.experiments.run.ScenarioResult;

/**
 * The raw time series of a scenario, one row per sample; a field is empty where the
 * container did not run.
 */
public final class SeriesCsv {

	static final String HEADER = "t_seconds,max_shares,allocated_shares,used_shares,restricted,instance,"
			+ "cpu_seconds,balance_grc,max_debt_grc,status,pending,running";

	private SeriesCsv() {
	}

	public static void write(ScenarioResult result, Path file) throws IOException {
		try (Writer out = Files.newBufferedWriter(file)) {
			out.write(HEADER + "\n");
			for (Sample s : result.samples()) {
				out.write(String.format(Locale.ROOT, "%.3f,%s,%s,%s,%s,%s,%s,%s,%s,%s,%d,%d%n", s.t(),
						orEmpty(s.maxShares()), orEmpty(s.allocatedShares()),
						(s.usedShares() == null) ? "" : String.format(Locale.ROOT, "%.1f", s.usedShares()),
						s.restricted(), orEmpty(s.instance()), plain(s.cpuSeconds()), plain(s.balance()),
						plain(s.maxDebt()), s.status(), s.pending(), s.running()));
			}
		}
	}

	private static String orEmpty(Object value) {
		return (value == null) ? "" : value.toString();
	}

	private static String plain(BigDecimal value) {
		return (value == null) ? "" : value.toPlainString();
	}

}
