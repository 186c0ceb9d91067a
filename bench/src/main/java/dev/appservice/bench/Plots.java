package dev.appservice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The benchmarks' results as PNG files in the bench's build directory ({@code bench.out}); with
 * {@code -Dbench.publish=true} also copied to the docs' images ({@code bench.img}), which
 * docs/benchmarks.md shows.
 */
final class Plots {
  private static final Path OUT = Path.of(System.getProperty("bench.out", "target"));
  private static final Path IMG = Path.of(System.getProperty("bench.img", "../docs/img"));
  private static final boolean PUBLISH = Boolean.getBoolean("bench.publish");

  /** One bar of a bar chart. */
  record Bar(String name, double value) {}

  /** A horizontal line across a bar chart, such as a target. */
  record Level(String name, double value) {}

  /** One path of a latency plot: its p50 and p99 in ms at each offered rate. */
  record Curve(String name, double[] p50, double[] p99) {}

  /** Single points on a plot, such as a target's bound where it applies. */
  record Points(String name, double[] x, double[] y) {}

  /** A bar chart of {@code bars} with {@code levels} drawn across it as dashed lines. */
  static void bars(String file, String title, String unit, List<Bar> bars, List<Level> levels)
      throws IOException {
    CategoryChart chart =
        new CategoryChartBuilder().width(900).height(500).title(title).yAxisTitle(unit).build();
    chart.getStyler().setOverlapped(true);
    chart.getStyler().setLabelsVisible(true);
    chart.getStyler().setLabelsPosition(1.0);
    chart.getStyler().setLabelsFontColorAutomaticEnabled(false);
    chart.getStyler().setYAxisDecimalPattern("#,###");
    chart.getStyler().setLegendPosition(LegendPosition.InsideNE);
    List<String> names = bars.stream().map(Bar::name).toList();
    chart.addSeries(unit, names, bars.stream().map(Bar::value).toList());
    for (Level level : levels) {
      CategorySeries line =
          chart.addSeries(level.name(), names, Collections.nCopies(names.size(), level.value()));
      line.setChartCategorySeriesRenderStyle(CategorySeriesRenderStyle.Line);
      line.setLineStyle(SeriesLines.DASH_DASH);
      line.setMarker(SeriesMarkers.NONE);
    }
    Path png = OUT.resolve(file);
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapFormat.PNG);
    publish(png);
  }

  /**
   * Latency against offered rate, p50 and p99 side by side, for each path; {@code limit} marks the
   * target's bound on the p50 at the rates where it applies.
   */
  static void latencies(String file, String title, double[] rates, List<Curve> paths, Points limit)
      throws IOException {
    XYChart p50 = latencyChart(title + ": p50");
    XYChart p99 = latencyChart(title + ": p99");
    for (Curve path : paths) {
      p50.addSeries(path.name(), rates, path.p50());
      p99.addSeries(path.name(), rates, path.p99());
    }
    if (limit.x().length > 0) {
      XYSeries bound = p50.addSeries(limit.name(), limit.x(), limit.y());
      bound.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
      bound.setMarker(SeriesMarkers.TRIANGLE_DOWN);
    }
    Path png = OUT.resolve(file);
    BitmapEncoder.saveBitmap(List.of(p50, p99), 1, 2, png.toString(), BitmapFormat.PNG);
    publish(png);
  }

  private static XYChart latencyChart(String title) {
    XYChart chart =
        new XYChartBuilder()
            .width(600)
            .height(500)
            .title(title)
            .xAxisTitle("offered rate (commands/s)")
            .yAxisTitle("latency (ms)")
            .build();
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setXAxisDecimalPattern("#,###");
    chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
    chart.getStyler().setMarkerSize(10);
    return chart;
  }

  private static void publish(Path png) throws IOException {
    System.out.println("plot: " + png);
    if (PUBLISH) {
      Files.createDirectories(IMG);
      Path copy = IMG.resolve(png.getFileName());
      Files.copy(png, copy, StandardCopyOption.REPLACE_EXISTING);
      System.out.println("published: " + copy.normalize());
    }
  }

  private Plots() {}
}
