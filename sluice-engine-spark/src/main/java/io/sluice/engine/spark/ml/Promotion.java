package io.sluice.engine.spark.ml;

import io.sluice.core.store.ModelRegistry;
import io.sluice.core.store.ModelVersion;
import io.sluice.spec.DatasetDefinition;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Champion and challenger: the best version of a training run gets the alias only if it does at
 * least as well (within {@code max_regression}) as the alias's current version, both scored on this
 * run's test rows. A current version that cannot score them (other features) is compared by its
 * recorded metric instead, and the note says so.
 */
final class Promotion {
  private final ModelRegistry registry;
  private final Consumer<String> notes;

  Promotion(ModelRegistry registry, Consumer<String> notes) {
    this.registry = registry;
    this.notes = notes;
  }

  void promote(
      DatasetDefinition.Train train, List<ModelTraining.Trained> trained, Dataset<Row> test) {
    if (train.promote().isEmpty() || trained.isEmpty()) {
      return;
    }
    String alias = train.promote().get();
    String metric = train.metric().name().toLowerCase(Locale.ROOT);
    ModelTraining.Trained best = trained.get(0);
    for (ModelTraining.Trained t : trained) {
      if (train.metric().better(t.run.metrics().get(metric), best.run.metrics().get(metric))) {
        best = t;
      }
    }
    double candidate = best.run.metrics().get(metric);
    int version = best.run.registeredVersion().orElseThrow();
    Optional<ModelVersion> current = registry.alias(train.model(), alias);
    if (current.isPresent()) {
      Optional<Double> rescored = rescore(current.get(), test, metric);
      double currentScore =
          rescored.orElseGet(
              () -> current.get().training().metrics().getOrDefault(metric, Double.NaN));
      String how =
          rescored.isPresent()
              ? "on the same test rows"
              : "as recorded (it cannot score these rows)";
      if (!Double.isNaN(currentScore)
          && !train.metric().acceptable(candidate, currentScore, train.maxRegression())) {
        notes.accept(
            String.format(
                Locale.ROOT,
                "kept %s v%d as %s: v%d's %s %.4f is worse than its %.4f %s (max_regression %s)",
                train.model(),
                current.get().version(),
                alias,
                version,
                metric,
                candidate,
                currentScore,
                how,
                train.maxRegression()));
        return;
      }
      notes.accept(
          String.format(
              Locale.ROOT,
              "promoted %s v%d (%s) to %s: %s %.4f against v%d's %.4f %s",
              train.model(),
              version,
              best.run.algorithm(),
              alias,
              metric,
              candidate,
              current.get().version(),
              currentScore,
              how));
    } else {
      notes.accept(
          String.format(
              Locale.ROOT,
              "promoted %s v%d (%s) to %s: %s %.4f (the first %s)",
              train.model(),
              version,
              best.run.algorithm(),
              alias,
              metric,
              candidate,
              alias));
    }
    registry.setAlias(train.model(), alias, version);
    best.promoted = true;
  }

  private Optional<Double> rescore(ModelVersion version, Dataset<Row> test, String metric) {
    try {
      return Optional.of(
          Evaluation.metrics(ModelArtifacts.load(version.training().artifact()).transform(test))
              .get(metric));
    } catch (RuntimeException e) { // another feature set, or the artifact is gone
      return Optional.empty();
    }
  }
}
