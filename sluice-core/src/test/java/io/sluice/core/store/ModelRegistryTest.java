package io.sluice.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spi.SluiceException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Experiment runs, versions and aliases in an H2 run store, across reopenings. */
class ModelRegistryTest {
  @TempDir Path work;

  static ExperimentRun run(String id, String algorithm, double rmse, Instant at) {
    return new ExperimentRun(
        id,
        "taxi-fare",
        "run-" + id,
        "ml.fare_models",
        "taxi-fare",
        algorithm,
        RunStatus.SUCCEEDED,
        at,
        Optional.of(at.plusSeconds(30)),
        Map.of("type", "gbt-regression", "maxDepth", "6"),
        Map.of("rmse", rmse, "mae", rmse / 2, "r2", 0.8),
        Map.of("distance_miles", 0.7, "hour", 0.3),
        Map.of("silver.trips", 1234567890123L),
        "sha256:0123456789abcdef",
        "file:/lake/_models/taxi-fare/" + id,
        Optional.empty());
  }

  @Test
  void keepsTrainingRunsVersionsAndAliases() {
    String url = "jdbc:h2:file:" + work.resolve("runs");
    Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
    try (JdbcRunStore store = JdbcRunStore.open(url)) {
      ModelRegistry registry = store.models();
      ExperimentRun linear = run("a", "linear", 5.1, t0);
      ExperimentRun gbt = run("b", "gbt", 3.9, t0.plusSeconds(60));
      registry.recordExperiment(linear);
      registry.recordExperiment(gbt);
      assertThat(registry.register(linear)).isEqualTo(1);
      assertThat(registry.register(gbt)).isEqualTo(2);
      registry.setAlias("taxi-fare", "champion", 2);
    }
    try (JdbcRunStore store = JdbcRunStore.open(url)) {
      ModelRegistry registry = store.models();
      assertThat(registry.models()).containsExactly("taxi-fare");
      List<ModelVersion> versions = registry.versions("taxi-fare");
      assertThat(versions).extracting(ModelVersion::version).containsExactly(2, 1);
      ModelVersion champion = registry.alias("taxi-fare", "champion").orElseThrow();
      assertThat(champion.version()).isEqualTo(2);
      assertThat(champion.aliases()).containsExactly("champion");
      assertThat(champion.uri()).isEqualTo("models:/taxi-fare/2");
      ExperimentRun recorded = champion.training();
      assertThat(recorded.registeredVersion()).contains(2);
      assertThat(recorded.metrics()).containsEntry("rmse", 3.9).containsEntry("r2", 0.8);
      assertThat(recorded.params()).containsEntry("maxDepth", "6");
      assertThat(recorded.importances()).containsEntry("distance_miles", 0.7);
      assertThat(recorded.snapshots()).containsEntry("silver.trips", 1234567890123L);
      assertThat(recorded.pipelineVersion()).isEqualTo("sha256:0123456789abcdef");
      assertThat(registry.experimentRuns(Optional.of("taxi-fare"), 10))
          .extracting(ExperimentRun::trainingId)
          .containsExactly("b", "a");
      assertThat(registry.experimentRuns(Optional.of("other"), 10)).isEmpty();
      // moving the alias leaves one version holding it
      registry.setAlias("taxi-fare", "champion", 1);
      assertThat(registry.version("taxi-fare", 2).orElseThrow().aliases()).isEmpty();
      assertThat(registry.version("taxi-fare", 1).orElseThrow().aliases())
          .containsExactly("champion");
      assertThatThrownBy(() -> registry.setAlias("taxi-fare", "champion", 9))
          .isInstanceOf(SluiceException.class)
          .hasMessageContaining("no such version");
      assertThat(registry.alias("taxi-fare", "staging")).isEmpty();
    }
  }

  @Test
  void versionsAreNumberedOncePerModelWhenRegisteredAtOnce() throws Exception {
    String url = "jdbc:h2:file:" + work.resolve("runs");
    try (JdbcRunStore first = JdbcRunStore.open(url);
        JdbcRunStore second = JdbcRunStore.open(url)) {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      List<Future<Integer>> versions = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        ExperimentRun run = run("r" + i, "gbt", 4, Instant.parse("2026-12-01T00:00:00Z"));
        JdbcRunStore store = i % 2 == 0 ? first : second;
        store.models().recordExperiment(run);
        versions.add(pool.submit(() -> store.models().register(run)));
      }
      List<Integer> numbers = new ArrayList<>();
      for (Future<Integer> version : versions) {
        numbers.add(version.get());
      }
      pool.shutdown();
      assertThat(numbers).doesNotHaveDuplicates().hasSize(20);
      assertThat(first.models().versions("taxi-fare")).hasSize(20);
    }
  }
}
