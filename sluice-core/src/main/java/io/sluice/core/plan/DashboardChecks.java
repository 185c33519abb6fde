package io.sluice.core.plan;

import io.sluice.core.SqlAnalyzer;
import io.sluice.spec.DashboardSpec;
import io.sluice.spec.DatasetSpec;
import io.sluice.spec.OptionReader;
import io.sluice.spec.PipelineSpec;
import io.sluice.spec.Problems;
import io.sluice.spi.ErrorCode;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks each dashboard chart's SQL at validation: it parses, reads only the pipeline's datasets,
 * and every {@code :name} it uses is one of the dashboard's filters.
 */
final class DashboardChecks {
  private final SqlAnalyzer analyzer;
  private final Problems problems;

  DashboardChecks(SqlAnalyzer analyzer, Problems problems) {
    this.analyzer = analyzer;
    this.problems = problems;
  }

  void check(PipelineSpec spec) {
    Set<String> datasets = new HashSet<>();
    for (DatasetSpec dataset : spec.datasets().values()) {
      datasets.add(dataset.name().toLowerCase(Locale.ROOT));
    }
    for (DashboardSpec dashboard : spec.dashboards().values()) {
      Set<String> filters = new HashSet<>();
      dashboard.filters().forEach(f -> filters.add(f.name()));
      for (DashboardSpec.Chart chart : dashboard.charts()) {
        String what = "chart '" + chart.name() + "' of dashboard '" + dashboard.name() + "'";
        tables(chart, what, datasets, spec);
        for (String parameter : chart.parameters()) {
          if (!filters.contains(parameter)) {
            problems.add(
                chart.sqlPosition(),
                ErrorCode.UNDEFINED_REFERENCE,
                "Cannot bind :"
                    + parameter
                    + " in the SQL of "
                    + what
                    + ": no filter has that name",
                filters.isEmpty()
                    ? "add 'filters: [ { name: "
                        + parameter
                        + ", default: ... } ]' to the dashboard"
                    : "filters: " + String.join(", ", filters));
          }
        }
      }
    }
  }

  private void tables(
      DashboardSpec.Chart chart, String what, Set<String> datasets, PipelineSpec spec) {
    try {
      for (SqlAnalyzer.TableReference reference : analyzer.references(chart.sql())) {
        List<String> parts = reference.name();
        String name =
            parts.size() >= 2
                ? parts.get(parts.size() - 2) + "." + parts.get(parts.size() - 1)
                : parts.get(0);
        if (!datasets.contains(name.toLowerCase(Locale.ROOT))) {
          problems.add(
              chart.sqlPosition(),
              ErrorCode.UNDEFINED_REFERENCE,
              "Cannot resolve table '"
                  + String.join(".", parts)
                  + "' in the SQL of "
                  + what
                  + ": no dataset has that name",
              OptionReader.suggestion(name, spec.datasets().keySet())
                  + "defined datasets: "
                  + String.join(", ", spec.datasets().keySet()));
        }
      }
    } catch (SqlAnalyzer.SqlSyntaxError e) {
      problems.add(
          chart.sqlPosition(),
          ErrorCode.SQL_SYNTAX,
          "Cannot parse the SQL of " + what + ": " + e.getMessage(),
          "the SQL is Spark SQL; :name reads a filter");
    }
  }
}
