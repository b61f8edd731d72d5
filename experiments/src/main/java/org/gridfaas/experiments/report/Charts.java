package org.gridfaas.experiments.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import org.gridfaas.experiments.run.Moment;
import org.gridfaas.experiments.run.Sample;
import org.gridfaas.experiments.run.ScenarioResult;

/**
 * The three plots of a scenario, as the seed draws them: CPU (max, allocated, used
 * shares), funds (balance and debt limit) and tasks (pending, running). A series is
 * {@code null} where the container does not run, which leaves a gap.
 */
public final class Charts {

	static final int WIDTH = 1600;

	static final int HEIGHT = 560;

	private static final Color BLUE = new Color(31, 119, 180);

	private static final Color ORANGE = new Color(255, 127, 14);

	private static final Color GREEN = new Color(44, 160, 44);

	private static final Color RED = new Color(214, 39, 40);

	private Charts() {
	}

	/** Writes {@code cpu.png}, {@code funds.png} and {@code tasks.png} into a folder. */
	public static void write(ScenarioResult result, Path folder) throws IOException {
		save(cpu(result), folder.resolve("cpu.png"));
		save(funds(result), folder.resolve("funds.png"));
		save(tasks(result), folder.resolve("tasks.png"));
	}

	static XYChart cpu(ScenarioResult result) {
		int max = result.scenario().function().cpuMax();
		XYChart chart = chart(result, "CPU", "CPU (shares, 100 = 1 core)");
		line(chart, result, "Max allowed", Sample::maxShares, BLUE, SeriesLines.DASH_DASH);
		line(chart, result, "Allocated", Sample::allocatedShares, ORANGE, SeriesLines.SOLID);
		line(chart, result, "Used", Sample::usedShares, GREEN, SeriesLines.SOLID);
		chart.getStyler().setYAxisMin(0.0).setYAxisMax(max * 1.35);
		result.firstRestricted().ifPresent((first) -> mark(chart, first.t(), max * 1.25, "restricted"));
		result.moments(Moment.Kind.STOPPED_RUNNING).forEach((stop) -> mark(chart, stop.t(), max * 1.25, "stopped"));
		return chart;
	}

	static XYChart funds(ScenarioResult result) {
		XYChart chart = chart(result, "funds", "Funds (GRC)");
		line(chart, result, "Balance", Sample::balance, BLUE, SeriesLines.SOLID);
		line(chart, result, "Max allowed debt", Sample::maxDebt, ORANGE, SeriesLines.DASH_DASH);
		double low = result.samples().stream().mapToDouble((s) -> s.maxDebt().doubleValue()).min().orElse(0);
		low = Math.min(low, result.deepest().balance().doubleValue());
		double high = result.samples().stream().mapToDouble((s) -> s.balance().doubleValue()).max().orElse(1);
		chart.getStyler().setYAxisMin(Math.floor(low - 0.5)).setYAxisMax(Math.ceil(high * 1.25 + 0.5));
		chart.addAnnotation(new AnnotationLine(0, false, false));
		return chart;
	}

	static XYChart tasks(ScenarioResult result) {
		XYChart chart = chart(result, "tasks", "Tasks");
		line(chart, result, "Pending", Sample::pending, BLUE, SeriesLines.SOLID);
		line(chart, result, "Running", Sample::running, ORANGE, SeriesLines.DASH_DASH);
		int most = result.samples().stream().mapToInt((s) -> Math.max(s.pending(), s.running())).max().orElse(1);
		chart.getStyler().setYAxisMin(0.0).setYAxisMax(most + 1.5).setYAxisDecimalPattern("0");
		return chart;
	}

	private static XYChart chart(ScenarioResult result, String what, String yTitle) {
		XYChart chart = new XYChartBuilder().width(WIDTH)
			.height(HEIGHT)
			.title(result.scenario().name() + ": " + what + " - " + result.scenario().title())
			.xAxisTitle(String.format(Locale.ROOT, "Time (s, wall clock; scenario time / %s)",
					result.settings().timeScaleText()))
			.yAxisTitle(yTitle)
			.build();
		XYStyler styler = chart.getStyler();
		styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 22));
		styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 22));
		styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 20));
		styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 20));
		styler.setLegendPosition(LegendPosition.InsideNE);
		styler.setLegendBackgroundColor(new Color(175, 238, 238));
		styler.setChartBackgroundColor(Color.WHITE);
		styler.setPlotBackgroundColor(Color.WHITE);
		styler.setPlotGridLinesColor(new Color(190, 190, 190));
		styler.setAnnotationLineColor(RED);
		styler.setAnnotationLineStroke(new BasicStroke(2.5f));
		styler.setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
		styler.setAnnotationTextFontColor(RED);
		styler.setPlotContentSize(0.98);
		// The run's own length: a run that settled early is not drawn against empty time.
		chart.getStyler().setXAxisMin(0.0).setXAxisMax(Math.ceil(result.wallSeconds()));
		return chart;
	}

	private static void line(XYChart chart, ScenarioResult result, String name,
			Function<Sample, ? extends Number> value, Color color, BasicStroke style) {
		List<Double> x = new ArrayList<>();
		List<Double> y = new ArrayList<>();
		for (Sample sample : result.samples()) {
			Number v = value.apply(sample);
			x.add(sample.t());
			y.add((v == null) ? null : (v instanceof BigDecimal decimal) ? decimal.doubleValue() : v.doubleValue());
		}
		XYSeries series = chart.addSeries(name, x, y);
		series.setMarker(SeriesMarkers.NONE);
		series.setLineColor(color);
		series.setLineStyle(
				new BasicStroke(3.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f, style.getDashArray(), 0f));
	}

	/**
	 * A vertical line at {@code t} labelled on its right, or on its left near the end.
	 */
	private static void mark(XYChart chart, double t, double y, String text) {
		double width = chart.getStyler().getXAxisMax();
		double offset = width * 0.045;
		chart.addAnnotation(new AnnotationLine(t, true, false));
		chart.addAnnotation(new AnnotationText(text, (t + offset < width * 0.8) ? t + offset : t - offset, y, false));
	}

	private static void save(XYChart chart, Path file) throws IOException {
		BitmapEncoder.saveBitmap(chart, file.toString(), BitmapFormat.PNG);
	}

}
