package io.sluice.server.console;

import io.sluice.core.browse.QueryResult;
import io.sluice.spec.DashboardOptions.ChartType;
import io.sluice.spec.DashboardSpec;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardPieSectionLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PiePlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.general.DefaultPieDataset;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Dashboard charts as PNGs, drawn headless by JFreeChart from the same rows the console draws: bar,
 * line, area, pie, scatter, histogram and map (points on longitude/latitude axes). Text is drawn in
 * Nanum Square, shipped in this jar (SIL Open Font License, fonts/NanumSquare-OFL.txt), so Korean
 * names render on a machine without CJK fonts; {@code $SLUICE_FONT} names another TrueType file.
 */
final class ChartImages {
  static final int WIDTH = 900;
  static final int HEIGHT = 480;

  /** The shipped font's resource, beside this class. */
  static final String HANGUL_FONT = "fonts/NanumSquareR.ttf";

  private static final Font BASE = loadFont(System.getenv("SLUICE_FONT"));

  private final StandardChartTheme theme;
  private final String fontName;

  ChartImages() {
    Font base = BASE;
    this.fontName = base.getFontName();
    this.theme = new StandardChartTheme("sluice");
    theme.setExtraLargeFont(base.deriveFont(Font.BOLD, 18f));
    theme.setLargeFont(base.deriveFont(Font.BOLD, 14f));
    theme.setRegularFont(base.deriveFont(Font.PLAIN, 12f));
    theme.setSmallFont(base.deriveFont(Font.PLAIN, 10f));
    theme.setChartBackgroundPaint(Color.WHITE);
    theme.setPlotBackgroundPaint(Color.WHITE);
    theme.setRangeGridlinePaint(new Color(0xDD, 0xE1, 0xE8));
    theme.setDomainGridlinePaint(new Color(0xDD, 0xE1, 0xE8));
  }

  /** The font the charts are drawn in. */
  String fontName() {
    return fontName;
  }

  /** Whether {@code type} has a PNG (tables and single numbers are HTML in a report). */
  static boolean drawable(ChartType type) {
    return type != ChartType.TABLE && type != ChartType.NUMBER;
  }

  byte[] png(DashboardSpec.Chart chart, QueryResult result) throws IOException {
    JFreeChart drawn = chart(chart, result);
    theme.apply(drawn);
    formatValues(drawn, chart);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ChartUtils.writeChartAsPNG(out, drawn, WIDTH, HEIGHT);
    return out.toByteArray();
  }

  /** Values print as the chart's {@code format} says, as in the console. */
  private static void formatValues(JFreeChart drawn, DashboardSpec.Chart chart) {
    NumberFormat format = numberFormat(chart.format());
    if (drawn.getPlot() instanceof CategoryPlot plot
        && plot.getRangeAxis() instanceof NumberAxis axis) {
      axis.setNumberFormatOverride(format);
    } else if (chart.type() == ChartType.SCATTER
        && drawn.getPlot() instanceof XYPlot plot
        && plot.getRangeAxis() instanceof NumberAxis axis) {
      axis.setNumberFormatOverride(format);
    } else if (drawn.getPlot() instanceof PiePlot<?> plot) {
      plot.setLabelGenerator(new StandardPieSectionLabelGenerator("{0}: {1}", format, format));
    }
  }

  static NumberFormat numberFormat(String format) {
    if (format.equals("percent")) {
      NumberFormat percent = NumberFormat.getPercentInstance(Locale.ROOT);
      percent.setMaximumFractionDigits(2); // the console shows one; axis ticks can be finer
      return percent;
    }
    try {
      return new DecimalFormat(format, DecimalFormatSymbols.getInstance(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return NumberFormat.getNumberInstance(Locale.ROOT);
    }
  }

  private static JFreeChart chart(DashboardSpec.Chart chart, QueryResult result) {
    String title = chart.title();
    PlotOrientation orientation =
        chart.horizontal() ? PlotOrientation.HORIZONTAL : PlotOrientation.VERTICAL;
    boolean legend = chart.y().size() > 1 || chart.series().isPresent();
    switch (chart.type()) {
      case BAR:
      case LINE:
      case AREA:
        return categoryChart(chart, result, title, orientation, legend);
      case PIE:
        DefaultPieDataset<String> pie = new DefaultPieDataset<>();
        int label = column(result, chart.x().orElseThrow());
        int value = column(result, chart.y().get(0));
        for (List<String> row : result.rows()) {
          pie.setValue(String.valueOf(row.get(label)), number(row.get(value)));
        }
        return ChartFactory.createPieChart(title, pie, true, false, false);
      case SCATTER:
        XYSeriesCollection points = new XYSeriesCollection();
        int x = column(result, chart.x().orElseThrow());
        for (String y : chart.y()) {
          XYSeries series = new XYSeries(y, false);
          int yi = column(result, y);
          result.rows().forEach(row -> add(series, row.get(x), row.get(yi)));
          points.addSeries(series);
        }
        return ChartFactory.createScatterPlot(
            title,
            chart.x().orElse(""),
            "",
            points,
            PlotOrientation.VERTICAL,
            legend,
            false,
            false);
      case HISTOGRAM:
        int values = column(result, chart.x().orElseThrow());
        double[] numbers =
            result.rows().stream()
                .map(row -> row.get(values))
                .filter(v -> v != null && !Double.isNaN(number(v)))
                .mapToDouble(ChartImages::number)
                .toArray();
        HistogramDataset histogram = new HistogramDataset();
        if (numbers.length > 0) {
          histogram.addSeries(chart.x().orElseThrow(), numbers, chart.bins());
        }
        return ChartFactory.createHistogram(
            title,
            chart.x().orElse(""),
            "rows",
            histogram,
            PlotOrientation.VERTICAL,
            false,
            false,
            false);
      case MAP:
        XYSeries located = new XYSeries("points", false);
        int lat = column(result, chart.lat().orElseThrow());
        int lon = column(result, chart.lon().orElseThrow());
        result.rows().forEach(row -> add(located, row.get(lon), row.get(lat)));
        JFreeChart map =
            ChartFactory.createScatterPlot(
                title,
                "longitude",
                "latitude",
                new XYSeriesCollection(located),
                PlotOrientation.VERTICAL,
                false,
                false,
                false);
        XYPlot plot = map.getXYPlot();
        ((NumberAxis) plot.getDomainAxis()).setRange(-180, 180);
        ((NumberAxis) plot.getRangeAxis()).setRange(-90, 90);
        return map;
      default:
        throw new IllegalArgumentException("No image for a " + chart.type() + " chart");
    }
  }

  /** Bar, line and area charts (stacked or not) over categories: one factory call each. */
  private static JFreeChart categoryChart(
      DashboardSpec.Chart chart,
      QueryResult result,
      String title,
      PlotOrientation orientation,
      boolean legend) {
    CategoryChartFactory factory =
        switch (chart.type()) {
          case BAR ->
              chart.stacked() ? ChartFactory::createStackedBarChart : ChartFactory::createBarChart;
          case AREA ->
              chart.stacked()
                  ? ChartFactory::createStackedAreaChart
                  : ChartFactory::createAreaChart;
          default -> ChartFactory::createLineChart;
        };
    return factory.create(
        title,
        chart.x().orElse(""),
        "",
        categories(chart, result),
        orientation,
        legend,
        false,
        false);
  }

  /** The shape ChartFactory's category charts share. */
  @FunctionalInterface
  private interface CategoryChartFactory {
    JFreeChart create(
        String title,
        String categoryAxis,
        String valueAxis,
        org.jfree.data.category.CategoryDataset data,
        PlotOrientation orientation,
        boolean legend,
        boolean tooltips,
        boolean urls);
  }

  private static DefaultCategoryDataset categories(DashboardSpec.Chart chart, QueryResult result) {
    DefaultCategoryDataset dataset = new DefaultCategoryDataset();
    int x = column(result, chart.x().orElseThrow());
    if (chart.series().isPresent()) {
      int series = column(result, chart.series().get());
      int y = column(result, chart.y().get(0));
      for (List<String> row : result.rows()) {
        dataset.addValue(
            number(row.get(y)), String.valueOf(row.get(series)), String.valueOf(row.get(x)));
      }
      return dataset;
    }
    for (String y : chart.y()) {
      int yi = column(result, y);
      for (List<String> row : result.rows()) {
        dataset.addValue(number(row.get(yi)), y, String.valueOf(row.get(x)));
      }
    }
    return dataset;
  }

  private static void add(XYSeries series, String x, String y) {
    double a = number(x);
    double b = number(y);
    if (!Double.isNaN(a) && !Double.isNaN(b)) {
      series.add(a, b);
    }
  }

  private static int column(QueryResult result, String name) {
    int index = result.columns().indexOf(name);
    if (index < 0) {
      throw new io.sluice.spi.SluiceException(
          io.sluice.spi.ErrorCode.INVALID_VALUE,
          "The query has no column '" + name + "'; it returns " + result.columns());
    }
    return index;
  }

  private static double number(String value) {
    if (value == null) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /**
   * The font in {@code configured} (a TrueType or OpenType file) when it loads and has Hangul,
   * otherwise the shipped one; the JVM's sans serif only if even that cannot be read.
   */
  static Font loadFont(String configured) {
    if (configured != null && Files.isRegularFile(Path.of(configured))) {
      try {
        Font font = Font.createFonts(Path.of(configured).toFile())[0];
        if (font.canDisplay('한')) {
          return font;
        }
      } catch (IOException | FontFormatException e) {
        // fall back to the shipped font
      }
    }
    try (InputStream in = ChartImages.class.getResourceAsStream(HANGUL_FONT)) {
      if (in != null) {
        return Font.createFont(Font.TRUETYPE_FONT, in);
      }
    } catch (IOException | FontFormatException e) {
      // a damaged jar: draw with what the JVM has
    }
    return new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  }
}
