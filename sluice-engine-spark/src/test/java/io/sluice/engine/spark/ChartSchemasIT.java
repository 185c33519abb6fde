package io.sluice.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.ConnectorRegistry;
import io.sluice.core.plan.Plan;
import io.sluice.core.plan.Planner;
import io.sluice.spec.LoadRequest;
import io.sluice.spec.PipelineLoader;
import io.sluice.spec.Problem;
import io.sluice.spi.ErrorCode;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Charts checked against the datasets' schemas by Spark's analyzer, before any run. */
class ChartSchemasIT {
  private static final String PIPELINE =
      """
      pipeline: charts
      datasets:
        chartsch.counts:
          sql: SELECT 'KR' AS country, 3 AS sightings, DATE '2024-01-01' AS day
        chartsch.totals:
          sql: SELECT country, sum(sightings) AS total FROM chartsch.counts GROUP BY country
      dashboards:
        d:
          filters:
            - { name: from, type: date, default: "2024-01-01" }
          charts:
            - name: fine
              type: bar
              sql: SELECT country, total FROM chartsch.totals
              x: country
              y: [total]
            - name: filtered
              type: line
              sql: SELECT day, sightings FROM chartsch.counts WHERE day >= CAST(:from AS DATE)
              x: day
              y: [sightings]
            - name: typo_in_y
              type: bar
              sql: SELECT country, total FROM chartsch.totals
              x: country
              y: [totl]
            - name: typo_in_sql
              type: table
              sql: SELECT contry FROM chartsch.counts
      """;

  @Test
  void aColumnTheQueryDoesNotReturnAndSqlThatDoesNotResolveAreNamedAtTheirChart() {
    SparkSession spark = SharedSpark.session();
    Plan plan =
        Planner.plan(
            PipelineLoader.load(
                SharedSpark.root().resolve("charts.yaml"),
                PIPELINE,
                new LoadRequest("local", Map.of(), k -> null)),
            ConnectorRegistry.load(),
            new SparkSqlAnalyzer());
    SchemaPreview.schemas(spark, plan);

    List<Problem> problems = ChartSchemas.problems(spark, plan);

    assertThat(problems)
        .extracting(p -> p.position().line() + " " + p.code().code() + " " + p.message())
        .containsExactly(
            "22 E105 chart 'typo_in_y' of dashboard 'd' draws column 'totl', which its query does"
                + " not return; it returns [country, total]",
            problems.get(1).position().line() + " E105 " + problems.get(1).message());
    assertThat(problems.get(1).position().line()).isEqualTo(29); // the chart's sql
    assertThat(problems.get(1).message())
        .startsWith("Cannot resolve the SQL of chart 'typo_in_sql' of dashboard 'd'")
        .contains("`contry` cannot be resolved");
    assertThat(problems).extracting(Problem::code).containsOnly(ErrorCode.UNDEFINED_REFERENCE);
  }
}
