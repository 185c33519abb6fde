package io.sluice.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.plan.Plan;
import io.sluice.core.plan.PlannedDataset;
import io.sluice.core.plan.Planner;
import io.sluice.spec.LoadRequest;
import io.sluice.spec.PipelineLoader;
import io.sluice.spec.PipelineSpec;
import io.sluice.spec.ValidationException;
import io.sluice.spi.Capability;
import io.sluice.spi.Option;
import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.SourceConnector;
import io.sluice.spi.spark.SparkBatchSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlannerTest {
  /** A hand-written connector with one required option. */
  static final class FakeConnector implements SourceConnector {
    private final String id;

    FakeConnector(String id) {
      this.id = id;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public String description() {
      return "fake " + id;
    }

    @Override
    public Set<Capability> capabilities() {
      return Set.of(Capability.BATCH_SOURCE);
    }

    @Override
    public List<Option<?>> sourceOptions() {
      return List.of(Option.key("path").stringType().required().description("where"));
    }

    @Override
    public SparkBatchSource createBatchSource(ResolvedOptions options) {
      throw new UnsupportedOperationException("planning only");
    }
  }

  private static final ConnectorRegistry REGISTRY =
      ConnectorRegistry.of(List.of(new FakeConnector("fake"), new FakeConnector("other")));

  private static Plan plan(String yaml) {
    PipelineSpec spec =
        PipelineLoader.load(Path.of("p.yaml"), yaml, new LoadRequest("local", Map.of(), k -> null));
    return Planner.plan(spec, REGISTRY, new RegexSqlAnalyzer());
  }

  @Test
  void ordersDatasetsAfterWhatTheyRead() {
    Plan plan =
        plan(
            """
        pipeline: p
        sources:
          raw: { type: fake, path: x }
        datasets:
          gold.c: { sql: SELECT * FROM silver.b JOIN bronze.a }
          silver.b: { sql: SELECT * FROM bronze.a }
          bronze.a: { from: raw }
          bronze.copy: { from: bronze.a }
        """);
    assertThat(plan.datasets())
        .extracting(PlannedDataset::name)
        .containsExactly("bronze.a", "silver.b", "gold.c", "bronze.copy");
    assertThat(plan.dataset("gold.c").orElseThrow().upstream())
        .containsExactly("silver.b", "bronze.a");
    assertThat(plan.dataset("bronze.copy").orElseThrow().upstream()).containsExactly("bronze.a");
    assertThat(plan.dataset("bronze.a").orElseThrow().source().options().asMap())
        .containsEntry("path", "x");
  }

  @Test
  void threePartNamesResolveThroughTheLakeCatalog() {
    Plan plan =
        plan(
            """
        pipeline: p
        datasets:
          a.x: { sql: SELECT 1 AS one }
          b.y: { sql: SELECT * FROM lake.a.x }
        """);
    assertThat(plan.dataset("b.y").orElseThrow().upstream()).containsExactly("a.x");
  }

  @Test
  void reportsCyclesSelfReferencesAndSyntaxTogether() {
    assertThatThrownBy(
            () ->
                plan(
                    """
        pipeline: p
        datasets:
          s.a: { sql: SELECT * FROM s.b }
          s.b: { sql: SELECT * FROM s.a }
          s.self: { sql: SELECT * FROM s.self }
          s.bad: { sql: "SELEC 1" }
        """))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.problems())
                    .extracting(p -> p.code().code() + " " + p.message())
                    .containsExactly(
                        "E106 Cannot order datasets: they depend on each other in a cycle: s.a -> s.b -> s.a",
                        "E106 Cannot define dataset 's.self' by SQL that reads itself",
                        "E107 Cannot parse the SQL of dataset 's.bad': Syntax error at or near 'SELEC'"));
  }

  @Test
  void dashboardChartsReadOnlyDatasetsAndBindOnlyTheirFilters() {
    assertThatThrownBy(
            () ->
                plan(
                    """
        pipeline: p
        datasets:
          gold.a: { sql: "SELECT 1 AS n" }
        dashboards:
          d:
            filters: [ { name: since, default: "2024-01-01" } ]
            charts:
              - { name: ok, type: table, sql: "SELECT * FROM gold.a WHERE d >= :since AND t <> '12:30'" }
              - { name: typo, type: table, sql: "SELECT * FROM gold.aa" }
              - { name: unbound, type: table, sql: "SELECT * FROM gold.a WHERE d < :until" }
        """))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.problems())
                    .extracting(
                        p -> p.position().line() + " " + p.code().code() + " " + p.message())
                    .containsExactly(
                        "9 E105 Cannot resolve table 'gold.aa' in the SQL of chart 'typo' of"
                            + " dashboard 'd': no dataset has that name",
                        "10 E105 Cannot bind :until in the SQL of chart 'unbound' of dashboard"
                            + " 'd': no filter has that name"));
  }

  @Test
  void unknownConnectorListsTheInstalledOnes() {
    assertThatThrownBy(
            () ->
                plan(
                    """
        pipeline: p
        sources:
          raw: { type: fak, path: x }
        datasets:
          a.b: { from: raw }
        """))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(
            "p.yaml:3:16: error[E104]: Cannot create source 'raw': unknown connector type 'fak'")
        .hasMessageContaining("hint: did you mean 'fake'? known types: fake, other");
  }

  @Test
  void theRetiredReportSinkPointsToDashboardExports() {
    assertThatThrownBy(
            () ->
                plan(
                    """
        pipeline: p
        datasets:
          a.b: { sql: SELECT 1 AS n }
        sinks:
          chart: { type: report, from: a.b, path: out }
        """))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("unknown connector type 'report'")
        .hasMessageContaining(
            "hint: the report sink became dashboards: declare the charts under 'dashboards:' with"
                + " 'export: FOLDER'");
  }

  @Test
  void twoFactoriesWithOneIdAreRefused() {
    assertThatThrownBy(
            () -> ConnectorRegistry.of(List.of(new FakeConnector("x"), new FakeConnector("x"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Cannot register connector id 'x' twice");
  }
}
