package io.sluice.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.spec.DashboardOptions.ChartType;
import io.sluice.spec.DashboardOptions.FilterType;
import io.sluice.spi.ErrorCode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardReaderTest {
  private static final String HEAD =
      """
      pipeline: dash
      datasets:
        gold.counts: { sql: "SELECT 'a' AS country, 1 AS n" }
      dashboards:
      """;

  private static PipelineSpec load(String dashboards) {
    return PipelineLoader.load(
        Path.of("d.yaml"), HEAD + dashboards, new LoadRequest("local", Map.of(), k -> null));
  }

  private static List<Problem> problems(String dashboards) {
    return assertThrows(ValidationException.class, () -> load(dashboards)).problems();
  }

  @Test
  void readsChartsAndFiltersWithDefaults() {
    PipelineSpec spec =
        load(
            """
              overview:
                title: Overview
                filters:
                  - { name: from, type: date, default: "2024-01-01" }
                charts:
                  - { name: per_country, type: bar, sql: "SELECT country, n FROM gold.counts WHERE d >= :from", x: country, y: [n], horizontal: true }
                  - { name: everything, type: table, sql: "SELECT * FROM gold.counts" }
            """);
    DashboardSpec dashboard = spec.dashboards().get("overview");
    assertThat(dashboard.title()).isEqualTo("Overview");
    assertThat(dashboard.filters())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.type()).isEqualTo(FilterType.DATE);
              assertThat(f.label()).isEqualTo("from");
              assertThat(f.defaultValue()).isEqualTo("2024-01-01");
            });
    DashboardSpec.Chart bar = dashboard.charts().get(0);
    assertThat(bar.type()).isEqualTo(ChartType.BAR);
    assertThat(bar.title()).isEqualTo("per_country");
    assertThat(bar.x()).contains("country");
    assertThat(bar.y()).containsExactly("n");
    assertThat(bar.horizontal()).isTrue();
    assertThat(bar.bins()).isEqualTo(20);
    assertThat(bar.limit()).isEqualTo(1000);
    assertThat(bar.format()).isEqualTo("#,##0.##");
    assertThat(bar.sqlPosition().line()).isEqualTo(10);
    assertThat(dashboard.charts().get(1).type()).isEqualTo(ChartType.TABLE);
  }

  @Test
  void eachTypeNeedsTheColumnsItDrawsAndNamesAreUnique() {
    List<Problem> found =
        problems(
            """
              d:
                charts:
                  - { name: a, type: bar, sql: "SELECT 1", y: [n] }
                  - { name: b, type: pie, sql: "SELECT 1", x: c, y: [n, m] }
                  - { name: c, type: map, sql: "SELECT 1", lat: la }
                  - { name: a, type: number, sql: "SELECT 1", y: [n] }
                  - { name: e, type: donut, sql: "SELECT 1" }
                  - { name: f, type: histogram, sql: "SELECT 1", x: v, bins: 0 }
            """);
    assertThat(found)
        .extracting(p -> p.position().line() + " " + p.code().code() + " " + p.message())
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("7 E103")
                    .contains("'x' must name the x (category) column"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("8 E103")
                    .contains("'y' must name exactly one value column"))
        .anySatisfy(
            p ->
                assertThat(p).startsWith("9 E103").contains("'lon' must name the longitude column"))
        .anySatisfy(p -> assertThat(p).startsWith("10 E109").contains("chart name 'a' twice"))
        .anySatisfy(p -> assertThat(p).contains("E108").contains("donut"))
        .anySatisfy(p -> assertThat(p).contains("E108").contains("bins"));
  }

  @Test
  void aDashboardWithoutChartsOrWithUnknownKeysIsRefused() {
    List<Problem> found =
        problems(
            """
              d:
                titel: Typo
            """);
    assertThat(found)
        .extracting(Problem::code)
        .contains(ErrorCode.UNKNOWN_KEY, ErrorCode.MISSING_REQUIRED);
  }

  @Test
  void aFormatThatIsNoDecimalPatternIsRefusedAtItsLine() {
    List<Problem> found =
        problems(
            """
              d:
                charts:
                  - { name: a, type: bar, sql: "SELECT 1", x: c, y: [n], format: '#,##0.0.0' }
                  - { name: b, type: bar, sql: "SELECT 1", x: c, y: [n], format: percent }
            """);
    assertThat(found)
        .extracting(p -> p.position().line() + " " + p.code().code() + " " + p.message())
        .singleElement()
        .satisfies(
            p ->
                assertThat(p)
                    .startsWith("7 E108")
                    .contains("'#,##0.0.0' is not a decimal pattern"));
  }

  @Test
  void anExportFolderTakesTemplates() {
    PipelineSpec spec =
        PipelineLoader.load(
            Path.of("d.yaml"),
            """
            pipeline: dash
            parameters:
              out: { default: out }
            datasets:
              gold.counts: { sql: "SELECT 'a' AS country, 1 AS n" }
            dashboards:
              d:
                export: ${out}/report-${ds_nodash}
                charts:
                  - { name: a, type: table, sql: "SELECT * FROM gold.counts" }
            """,
            new LoadRequest(
                "local",
                Map.of("out", "/srv/out"),
                k -> null,
                java.util.Optional.of("2024-07-08")));
    assertThat(spec.dashboards().get("d").export()).hasValue("/srv/out/report-20240708");
  }

  @Test
  void aChartsParametersAreItsNamedParametersOutsideQuotesOnce() {
    DashboardSpec.Chart chart =
        load("""
                  d:
                    charts:
                      - { name: a, type: table, sql: "SELECT ':skip', x::int FROM gold.counts WHERE d >= :from AND d < :fromx AND e = :from" }
                """)
            .dashboards()
            .get("d")
            .charts()
            .get(0);
    assertThat(chart.parameters()).containsExactly("from", "fromx");
  }
}
