package io.sluice.core.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One training run of a model, as MLflow tracks one: the experiment it belongs to, the pipeline run
 * and dataset that trained it, the algorithm with its parameters, the test metrics, the feature
 * importances, the Iceberg snapshot of every table it read (so that it can be reproduced exactly),
 * the pipeline file's version, where the model artifact is, and the registry version it became.
 */
public record ExperimentRun(
    String trainingId,
    String experiment,
    String runId,
    String dataset,
    String model,
    String algorithm,
    RunStatus status,
    Instant startedAt,
    Optional<Instant> endedAt,
    Map<String, String> params,
    Map<String, Double> metrics,
    Map<String, Double> importances,
    Map<String, Long> snapshots,
    String pipelineVersion,
    String artifact,
    Optional<Integer> registeredVersion) {
  public ExperimentRun {
    requireNonNull(trainingId, "trainingId is null");
    requireNonNull(experiment, "experiment is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(dataset, "dataset is null");
    requireNonNull(model, "model is null");
    requireNonNull(algorithm, "algorithm is null");
    requireNonNull(status, "status is null");
    requireNonNull(startedAt, "startedAt is null");
    requireNonNull(endedAt, "endedAt is null");
    params = copy(params);
    metrics = copy(metrics);
    importances = copy(importances);
    snapshots = copy(snapshots);
    requireNonNull(pipelineVersion, "pipelineVersion is null");
    requireNonNull(artifact, "artifact is null");
    requireNonNull(registeredVersion, "registeredVersion is null");
  }

  private static <V> Map<String, V> copy(Map<String, V> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  /** The same run with these parameters, metrics, importances and snapshots. */
  public ExperimentRun withValues(
      Map<String, String> newParams,
      Map<String, Double> newMetrics,
      Map<String, Double> newImportances,
      Map<String, Long> newSnapshots) {
    return with(newParams, newMetrics, newImportances, newSnapshots, registeredVersion);
  }

  /** The same run registered as {@code version} of its model. */
  public ExperimentRun registeredAs(int version) {
    return with(params, metrics, importances, snapshots, Optional.of(version));
  }

  private ExperimentRun with(
      Map<String, String> newParams,
      Map<String, Double> newMetrics,
      Map<String, Double> newImportances,
      Map<String, Long> newSnapshots,
      Optional<Integer> version) {
    return new ExperimentRun(
        trainingId,
        experiment,
        runId,
        dataset,
        model,
        algorithm,
        status,
        startedAt,
        endedAt,
        newParams,
        newMetrics,
        newImportances,
        newSnapshots,
        pipelineVersion,
        artifact,
        version);
  }
}
