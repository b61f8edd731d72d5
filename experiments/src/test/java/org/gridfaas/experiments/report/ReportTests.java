package org.gridfaas.experiments.report;

import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.gridfaas.experiments.run.ScenarioResult;
import org.gridfaas.experiments.run.SyntheticRuns;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTests {

	private final ScenarioResult result = SyntheticRuns.debtScenario(new BigDecimal("100"), new BigDecimal("100"), 20);

	@TempDir
	Path folder;

	@BeforeAll
	static void headless() {
		System.setProperty("java.awt.headless", "true");
	}

	@Test
	void theThreePlotsAreWrittenAsPngsOfTheSeedsProportions() throws Exception {
		Charts.write(this.result, this.folder);
		for (String plot : List.of("cpu.png", "funds.png", "tasks.png")) {
			BufferedImage image = ImageIO.read(this.folder.resolve(plot).toFile());
			assertThat(image).as(plot).isNotNull();
			assertThat(image.getWidth()).isEqualTo(Charts.WIDTH);
			assertThat(image.getHeight()).isEqualTo(Charts.HEIGHT);
		}
	}

	@Test
	void theCpuPlotHasTheSeedsThreeSeriesAndGapsWhereNoContainerRuns() {
		var chart = Charts.cpu(this.result);
		assertThat(chart.getSeriesMap().keySet()).containsExactly("Max allowed", "Allocated", "Used");
		assertThat(chart.getTitle()).startsWith("experiment1: CPU");
		assertThat(chart.getYAxisTitle()).isEqualTo("CPU (shares, 100 = 1 core)");
		double[] allocated = chart.getSeriesMap().get("Allocated").getYData();
		assertThat(allocated[0]).isEqualTo(150);
		assertThat(allocated[allocated.length - 1]).as("a gap after the container stopped").isNaN();
	}

	@Test
	void theFundsAndTasksPlotsHaveTheirSeries() {
		assertThat(Charts.funds(this.result).getSeriesMap().keySet()).containsExactly("Balance", "Max allowed debt");
		assertThat(Charts.tasks(this.result).getSeriesMap().keySet()).containsExactly("Pending", "Running");
		assertThat(Charts.funds(this.result).getYAxisTitle()).isEqualTo("Funds (GRC)");
	}

	@Test
	void theCsvHasOneRowPerSampleWithEmptyFieldsWhereNoContainerRuns() throws Exception {
		Path csv = this.folder.resolve("series.csv");
		SeriesCsv.write(this.result, csv);
		List<String> lines = Files.readAllLines(csv);
		assertThat(lines.get(0)).isEqualTo(SeriesCsv.HEADER);
		assertThat(lines).hasSize(this.result.samples().size() + 1);
		assertThat(lines.get(1)).startsWith("0.000,200,150,,false,i1,0.0,1.50,-0.5,NORMAL,2,1");
		assertThat(lines.get(lines.size() - 1)).isEqualTo("40.000,,,,false,,,-1.70,-0.5,IN_DEBT,2,0");
	}

	@Test
	void theSummaryGivesTheFiguresTheChecksAndTheTimeLine() {
		String summary = Summary.render(List.of(this.result), Instant.parse("2026-11-27T12:00:00Z"), "localhost");
		assertThat(summary).contains("Time scale 10", "Containers may use up to 200 shares", "Price: 30 CPU-seconds")
			.contains("| [experiment1](#experiment1) | 2 / 0 / 0 / 1 | 1.6 | 100 | 100 | +0.0000 % |")
			.contains("![CPU](experiment1/cpu.png)")
			.contains("| Restricted | restricted at 20.0 s |")
			.contains("| Container stops | 30.0 s (idle for 10 s) |")
			.contains("| Deepest balance | -1.7 GRC at 40.0 s (debt limit -0.5) |")
			.contains("- [x] billed CPU within 0.5 % of the CPU measured")
			.contains("- [ ] **FAILED** tasks succeeded: 6: 2")
			.contains("-    20.0 s  CPU restricted");
	}

}
