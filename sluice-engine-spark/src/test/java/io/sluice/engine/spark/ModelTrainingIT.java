package io.sluice.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sluice.core.run.RunResult;
import io.sluice.core.run.StepResult;
import io.sluice.core.store.ExperimentRun;
import io.sluice.core.store.JdbcRunStore;
import io.sluice.core.store.ModelRegistry;
import io.sluice.core.store.ModelVersion;
import io.sluice.core.store.RunStatus;
import io.sluice.engine.spark.ml.ModelTraining;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * {@code train:} datasets end to end in a Spark session: fitted models recorded as experiment runs
 * and registered, the champion promoted only when it is not worse on the same test rows, scores by
 * alias, exact reproduction from the recorded snapshot, and clear errors for bad parameters.
 */
class ModelTrainingIT {
  /** y = 3 x1 + 2 x2 (+ 5 when flag) + noise in [0, 1), one row every 10 minutes. */
  private static final String DATA =
      """
      mlt.points:
        sql: |
          SELECT id, timestamp_seconds(1420070400 + id * 600) AS at,
                 CAST(id % 13 AS DOUBLE) AS x1, CAST((id * 7) % 11 AS INT) AS x2, id % 5 = 0 AS flag,
                 3 * (id % 13) + 2 * ((id * 7) % 11) + CASE WHEN id % 5 = 0 THEN 5 ELSE 0 END
                   + pmod(hash(id), 1000) / 1000.0 AS y
          FROM range(0, 4000)
      mlt.models:
        train:
          input: mlt.points
          label: y
          features: [x1, x2, flag]
          split_by: at
          test_fraction: 0.25
          model: points
          algorithms:
      """;

  private static final String SCORED =
      """
      mlt.scored:
        score: { input: mlt.points, model: "models:/points@champion" }
      """;

  private static String pipeline(String name, String algorithms) {
    return "pipeline: "
        + name
        + "\ndatasets:\n"
        + DATA.indent(2)
        + algorithms.indent(8)
        + SCORED.indent(2);
  }

  private static final String GOOD =
      """
      - { name: linear, type: linear-regression }
      - { name: gbt, type: gbt-regression, params: { maxIter: 8 }, grid: { maxDepth: [2, 4] } }
      """;

  @Test
  void trainsRegistersPromotesScoresAndReproduces() throws Exception {
    RunResult first = SharedSpark.run(pipeline("points", GOOD), Map.of());
    StepResult training = first.step("mlt.models").orElseThrow();
    assertThat(training.status()).as(training.error().orElse("")).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(training.rowsOut()).isEqualTo(2);
    ModelVersion champion;
    ExperimentRun linear;
    try (JdbcRunStore store = JdbcRunStore.open(SharedSpark.settings().runStore())) {
      ModelRegistry registry = store.models();
      List<ModelVersion> versions = registry.versions("points");
      assertThat(versions).hasSize(2);
      linear =
          versions.stream()
              .filter(v -> v.training().algorithm().equals("linear"))
              .findFirst()
              .orElseThrow()
              .training();
      // a linear target: the linear model fits it to the noise (uniform on [0,1): sd 0.29)
      assertThat(linear.metrics().get("r2")).isGreaterThan(0.99);
      assertThat(linear.metrics().get("rmse")).isLessThan(0.35);
      assertThat(linear.metrics().get("train_rows")).isEqualTo(3000.0, within(5.0));
      assertThat(linear.metrics().get("test_rows") + linear.metrics().get("train_rows"))
          .isEqualTo(4000.0);
      assertThat(linear.importances()).containsOnlyKeys("x1", "x2", "flag");
      assertThat(linear.importances().values().stream().mapToDouble(Double::doubleValue).sum())
          .isEqualTo(1.0, within(1e-9));
      assertThat(linear.snapshots()).containsOnlyKeys("mlt.points");
      ExperimentRun gbt =
          versions.stream()
              .filter(v -> v.training().algorithm().equals("gbt"))
              .findFirst()
              .orElseThrow()
              .training();
      assertThat(gbt.metrics()).containsEntry("grid_points", 2.0).containsKey("validation_rmse");
      assertThat(gbt.params()).containsKey("maxDepth").containsEntry("maxIter", "8");
      champion = registry.alias("points", "champion").orElseThrow();
      double best = Math.min(linear.metrics().get("rmse"), gbt.metrics().get("rmse"));
      assertThat(champion.training().metrics().get("rmse")).isEqualTo(best);
    }
    // the scores by alias are the champion's: recomputing its RMSE over the test rows agrees
    double splitAt = Double.parseDouble(champion.training().params().get("split_at"));
    Row scored =
        SharedSpark.session()
            .sql(
                "SELECT sqrt(avg(pow(prediction - y, 2))), min(model_version), max(model_version),"
                    + " count(*) FROM mlt.scored WHERE CAST(at AS DOUBLE) >= "
                    + splitAt)
            .first();
    assertThat(scored.getDouble(0))
        .isEqualTo(champion.training().metrics().get("rmse"), within(1e-9));
    assertThat(scored.getInt(1)).isEqualTo(champion.version());
    assertThat(scored.getInt(2)).isEqualTo(champion.version());
    assertThat(scored.getLong(3))
        .isEqualTo((long) (double) champion.training().metrics().get("test_rows"));

    // retrained on the recorded snapshot, with the recorded split and parameters: the same numbers
    Map<String, Double> again =
        new ModelTraining(SharedSpark.session(), null, "test", "", note -> {})
            .reproduce(champion.training());
    for (String metric : List.of("rmse", "mae", "r2")) {
      assertThat(again.get(metric))
          .as(metric)
          .isEqualTo(champion.training().metrics().get(metric), within(1e-9));
    }

    // a weaker model is registered but does not become the champion
    RunResult weak =
        SharedSpark.run(
            pipeline(
                "points",
                "- { name: stump, type: decision-tree-regression, params: { maxDepth: 1 } }"),
            Map.of());
    assertThat(weak.step("mlt.models").orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
    try (JdbcRunStore store = JdbcRunStore.open(SharedSpark.settings().runStore())) {
      ModelRegistry registry = store.models();
      assertThat(registry.versions("points")).hasSize(3);
      ModelVersion stump = registry.version("points", 3).orElseThrow();
      assertThat(stump.aliases()).isEmpty();
      assertThat(stump.training().metrics().get("rmse"))
          .isGreaterThan(champion.training().metrics().get("rmse"));
      assertThat(registry.alias("points", "champion").orElseThrow().version())
          .isEqualTo(champion.version());
      assertThat(
              store.log(weak.runId(), "mlt.models", 100).stream()
                  .map(l -> l.text())
                  .filter(t -> t.startsWith("kept points v" + champion.version() + " as champion"))
                  .count())
          .isEqualTo(1);
    }
    List<Row> promoted =
        SharedSpark.session()
            .sql("SELECT version, promoted FROM mlt.models ORDER BY version")
            .collectAsList();
    assertThat(promoted).hasSize(3);
    assertThat(promoted.get(2).getBoolean(1)).isFalse();
    assertThat(promoted.stream().filter(r -> r.getBoolean(1)).map(r -> r.getInt(0)))
        .containsExactly(champion.version());
    assertThat(Optional.of(linear.trainingId())).isPresent();
  }

  @Test
  void badParametersAndFeaturesAreClearErrors() {
    RunResult typo =
        SharedSpark.run(
            pipeline("typo", "- { name: gbt, type: gbt-regression, params: { maxDepht: 3 } }")
                .replace("model: points", "model: typo")
                .replace("models:/points@champion", "models:/typo@champion"),
            Map.of());
    StepResult step = typo.step("mlt.models").orElseThrow();
    assertThat(step.status()).isEqualTo(RunStatus.FAILED);
    assertThat(step.error().orElseThrow())
        .contains("Cannot set parameter 'maxDepht' of algorithm 'gbt' (gbt-regression)")
        .contains("MLlib has no such parameter")
        .contains("maxDepth");
    RunResult text =
        SharedSpark.run(
            pipeline("text", GOOD)
                .replace("features: [x1, x2, flag]", "features: [x1, at]")
                .replace("model: points", "model: text")
                .replace("models:/points@champion", "models:/text@champion"),
            Map.of());
    assertThat(text.step("mlt.models").orElseThrow().error().orElseThrow())
        .contains("Cannot use column 'at' of mlt.points as a feature: it is timestamp");
    assertThat(text.step("mlt.scored").orElseThrow().status()).isNotEqualTo(RunStatus.SUCCEEDED);
  }
}
