package io.sluice.engine.spark;

import io.sluice.core.plan.Plan;
import io.sluice.spec.DashboardSpec;
import io.sluice.spec.Problem;
import io.sluice.spi.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/**
 * Checks every dashboard chart against the datasets' schemas without reading a row: Spark's
 * analyzer resolves the chart's SQL over the empty tables {@link SchemaPreview} created (filters at
 * their defaults), and each column the chart draws must be one its query returns. Problems point at
 * the chart (a column it names) or at its SQL (what the analyzer refused).
 */
public final class ChartSchemas {
  private ChartSchemas() {}

  /** Problems of the plan's charts; {@code spark} holds the tables {@link SchemaPreview} made. */
  public static List<Problem> problems(SparkSession spark, Plan plan) {
    List<Problem> problems = new ArrayList<>();
    for (DashboardSpec dashboard : plan.spec().dashboards().values()) {
      for (DashboardSpec.Chart chart : dashboard.charts()) {
        String what = "chart '" + chart.name() + "' of dashboard '" + dashboard.name() + "'";
        List<String> returned;
        try {
          returned =
              List.of(spark.sql(chart.sql(), args(dashboard, chart)).schema().fields()).stream()
                  .map(StructField::name)
                  .toList();
        } catch (Exception e) { // Spark's AnalysisException is checked but undeclared
          problems.add(
              new Problem(
                  chart.sqlPosition(),
                  ErrorCode.UNDEFINED_REFERENCE,
                  "Cannot resolve the SQL of "
                      + what
                      + ": "
                      + ReadOnlySql.firstLine(e.getMessage()),
                  "name columns of the datasets it reads (`sluice plan` shows their schemas)"));
          continue;
        }
        List<String> lower = returned.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
        for (String column : chart.columns()) {
          if (!lower.contains(column.toLowerCase(Locale.ROOT))) {
            problems.add(
                new Problem(
                    chart.position(),
                    ErrorCode.UNDEFINED_REFERENCE,
                    what
                        + " draws column '"
                        + column
                        + "', which its query does not return; it returns "
                        + returned,
                    "name one of " + returned + ", or select '" + column + "' in its sql"));
          }
        }
      }
    }
    return problems;
  }

  /** The filters the chart's SQL reads, at their defaults. */
  private static Map<String, Object> args(DashboardSpec dashboard, DashboardSpec.Chart chart) {
    Map<String, Object> args = new LinkedHashMap<>();
    List<String> used = chart.parameters();
    for (DashboardSpec.Filter filter : dashboard.filters()) {
      if (used.contains(filter.name())) {
        args.put(filter.name(), filter.defaultValue());
      }
    }
    return args;
  }
}
