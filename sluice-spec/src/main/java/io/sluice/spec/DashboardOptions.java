package io.sluice.spec;

import io.sluice.spi.Option;
import java.util.List;

/** The keys of {@code dashboards:}: a dashboard, its charts and its filters. */
public final class DashboardOptions {
  private DashboardOptions() {}

  /** What a chart draws. */
  public enum ChartType {
    BAR,
    LINE,
    AREA,
    PIE,
    SCATTER,
    HISTOGRAM,
    MAP,
    TABLE,
    NUMBER
  }

  /** What a filter's value is. */
  public enum FilterType {
    DATE,
    TEXT,
    NUMBER
  }

  public static final Option<String> TITLE =
      Option.key("title").stringType().noDefaultValue().description("The heading shown.");
  public static final Option<String> DESCRIPTION =
      Option.key("description").stringType().noDefaultValue().description("A line under it.");
  public static final Option<Object> CHARTS =
      Option.key("charts")
          .sectionType()
          .required()
          .description("The charts, in order: a list of { name, type, sql, x, y, ... }.");
  public static final Option<Object> FILTERS =
      Option.key("filters")
          .sectionType()
          .description(
              "Inputs above the charts, each bound to a named SQL parameter: a filter 'from'"
                  + " sets :from in every chart's sql.");
  public static final Option<String> EXPORT =
      Option.key("export")
          .stringType()
          .noDefaultValue()
          .description(
              "A folder: after every run whose steps all succeeded, the run writes the dashboard"
                  + " there as index.html with a PNG per chart (filters at their defaults), as a"
                  + " step of its own. Templates such as ${ds} work.");
  public static final List<Option<?>> DASHBOARD =
      List.of(TITLE, DESCRIPTION, CHARTS, FILTERS, EXPORT);

  public static final Option<String> CHART_NAME =
      Option.key("name").stringType().required().description("Unique within the dashboard.");
  public static final Option<String> CHART_TITLE =
      Option.key("title").stringType().noDefaultValue().description("Default: the name.");
  public static final Option<String> CHART_TYPE =
      Option.key("type")
          .enumType(ChartType.class)
          .required()
          .description(
              "bar, line, area, pie, scatter, histogram, map (points at lat/lon), table or number.");
  public static final Option<String> CHART_SQL =
      Option.key("sql")
          .stringType()
          .required()
          .description("Spark SQL over the pipeline's datasets; :name reads the filter 'name'.");
  public static final Option<String> X =
      Option.key("x")
          .stringType()
          .noDefaultValue()
          .description(
              "The category or x column (bar, line, area, scatter), the label (pie), the value"
                  + " column (histogram).");
  public static final Option<List<String>> Y =
      Option.key("y")
          .stringListType()
          .noDefaultValue()
          .description("Value columns: one series each (bar, line, area, scatter, pie, number).");
  public static final Option<String> SERIES =
      Option.key("series")
          .stringType()
          .noDefaultValue()
          .description("A column whose values split one y column into series (long data).");
  public static final Option<String> LAT =
      Option.key("lat").stringType().noDefaultValue().description("Latitude column (map).");
  public static final Option<String> LON =
      Option.key("lon").stringType().noDefaultValue().description("Longitude column (map).");
  public static final Option<Integer> BINS =
      Option.key("bins")
          .intType()
          .defaultValue(20)
          .atLeast(1)
          .description("Buckets of a histogram.");
  public static final Option<Boolean> STACKED =
      Option.key("stacked").booleanType().defaultValue(false).description("Stack the series.");
  public static final Option<Boolean> HORIZONTAL =
      Option.key("horizontal")
          .booleanType()
          .defaultValue(false)
          .description("Bars left to right (long category names).");
  public static final Option<String> FORMAT =
      Option.key("format")
          .stringType()
          .defaultValue("#,##0.##")
          .description(
              "How values print: a decimal pattern such as '#,##0.0', or 'percent' for 0..1.");
  public static final Option<Integer> LIMIT =
      Option.key("limit")
          .intType()
          .defaultValue(1000)
          .atLeast(1)
          .description("Rows the chart reads at most.");
  public static final List<Option<?>> CHART =
      List.of(
          CHART_NAME,
          CHART_TITLE,
          CHART_TYPE,
          CHART_SQL,
          X,
          Y,
          SERIES,
          LAT,
          LON,
          BINS,
          STACKED,
          HORIZONTAL,
          FORMAT,
          LIMIT);

  public static final Option<String> FILTER_NAME =
      Option.key("name").stringType().required().description("The SQL parameter it sets (:name).");
  public static final Option<String> FILTER_TYPE =
      Option.key("type")
          .enumType(FilterType.class)
          .defaultValue("text")
          .description("date, text or number.");
  public static final Option<String> FILTER_LABEL =
      Option.key("label").stringType().noDefaultValue().description("Default: the name.");
  public static final Option<String> FILTER_DEFAULT =
      Option.key("default")
          .stringType()
          .required()
          .description("The value before anyone changes it (templates such as ${ds} work).");
  public static final List<Option<?>> FILTER =
      List.of(FILTER_NAME, FILTER_TYPE, FILTER_LABEL, FILTER_DEFAULT);
}
