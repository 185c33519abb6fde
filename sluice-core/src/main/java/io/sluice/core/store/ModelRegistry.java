package io.sluice.core.store;

import java.util.List;
import java.util.Optional;

/**
 * Experiment runs and the model registry: every training run with its parameters, metrics and data,
 * the versions of each model and the aliases ({@code champion}) that scores load models by. Kept in
 * the run store, so that {@code sluice models}, the console and every run see the same.
 */
public interface ModelRegistry {
  /** Records (or replaces) a training run. */
  void recordExperiment(ExperimentRun run);

  /** Training runs, newest first; {@code experiment} empty means all of them. */
  List<ExperimentRun> experimentRuns(Optional<String> experiment, int limit);

  Optional<ExperimentRun> experimentRun(String trainingId);

  /**
   * Registers the training run as the next version of its model (1, 2, ...) and returns the
   * version; the run's record then names it.
   */
  int register(ExperimentRun run);

  /** The registered model names, in order. */
  List<String> models();

  /** The versions of {@code model}, newest first. */
  List<ModelVersion> versions(String model);

  Optional<ModelVersion> version(String model, int version);

  /** The version {@code alias} points at. */
  Optional<ModelVersion> alias(String model, String alias);

  /** Points {@code alias} at {@code version} (which must exist). */
  void setAlias(String model, String alias, int version);
}
