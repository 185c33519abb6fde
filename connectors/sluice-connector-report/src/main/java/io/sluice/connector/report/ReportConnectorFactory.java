package io.sluice.connector.report;

import io.sluice.spi.Delivery;
import io.sluice.spi.DeliveryGuarantee;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.Option;
import io.sluice.spi.OptionProblem;
import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.SinkConnector;
import io.sluice.spi.WriteMode;
import io.sluice.spi.spark.SparkBatchSink;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code report} sink: each sink writes one section (a bar chart or a table of a dataset) into
 * a report folder; the folder's {@code index.html} holds every section, self-contained (ECharts
 * inlined, no network), and each chart is also a PNG.
 */
public final class ReportConnectorFactory implements SinkConnector {
  /** How a section shows its rows. */
  public enum Chart {
    BAR,
    TABLE
  }

  public static final Option<String> PATH =
      Option.key("path").stringType().required().description("The report folder.");
  public static final Option<String> TITLE =
      Option.key("title")
          .stringType()
          .defaultValue("Sluice report")
          .description("The page title (the last section written sets it).");
  public static final Option<String> HEADING =
      Option.key("heading")
          .stringType()
          .noDefaultValue()
          .description("The section's heading (default: the sink's name).");
  public static final Option<String> TEXT =
      Option.key("text")
          .stringType()
          .noDefaultValue()
          .description("A paragraph under the heading.");
  public static final Option<String> CHART =
      Option.key("chart")
          .enumType(Chart.class)
          .defaultValue("table")
          .description("bar (x categories, y values, one bar series per 'series' value) or table.");
  public static final Option<String> X =
      Option.key("x").stringType().noDefaultValue().description("Bar chart: the category column.");
  public static final Option<String> Y =
      Option.key("y").stringType().noDefaultValue().description("Bar chart: the value column.");
  public static final Option<String> SERIES =
      Option.key("series")
          .stringType()
          .noDefaultValue()
          .description("Bar chart: a column whose values split the bars into series.");
  public static final Option<String> Y_LABEL =
      Option.key("y_label")
          .stringType()
          .noDefaultValue()
          .description("Bar chart: the y axis name.");
  public static final Option<Integer> ORDER =
      Option.key("order")
          .intType()
          .defaultValue(100)
          .description("Sections are shown by this number, then by name.");
  public static final Option<Integer> MAX_ROWS =
      Option.key("max_rows")
          .intType()
          .defaultValue(1000)
          .description("Rows of the dataset the section shows at most.");

  @Override
  public String id() {
    return "report";
  }

  @Override
  public String description() {
    return "A section (bar chart or table) of a self-contained HTML report with PNG charts";
  }

  @Override
  public List<Option<?>> sinkOptions() {
    return List.of(PATH, TITLE, HEADING, TEXT, CHART, X, Y, SERIES, Y_LABEL, ORDER, MAX_ROWS);
  }

  @Override
  public List<OptionProblem> validateSink(ResolvedOptions options) {
    List<OptionProblem> problems = new ArrayList<>();
    if (options.get(CHART).equals("bar")) {
      for (Option<String> needed : List.of(X, Y)) {
        if (options.find(needed).isEmpty()) {
          problems.add(
              new OptionProblem(
                  needed.key(),
                  ErrorCode.MISSING_REQUIRED,
                  "a bar chart needs '" + needed.key() + "'",
                  "x names the category column, y the value column"));
        }
      }
    }
    if (options.get(MAX_ROWS) < 1) {
      problems.add(
          new OptionProblem(
              "max_rows", ErrorCode.INVALID_VALUE, "max_rows must be at least 1", "default 1000"));
    }
    return problems;
  }

  @Override
  public Delivery sinkDelivery(ResolvedOptions options, WriteMode mode) {
    return new Delivery(
        DeliveryGuarantee.EXACTLY_ONCE,
        "the section and the page are replaced whole (written to a temporary file, then moved)");
  }

  @Override
  public SparkBatchSink createBatchSink(ResolvedOptions options) {
    return new ReportSink(options);
  }
}
