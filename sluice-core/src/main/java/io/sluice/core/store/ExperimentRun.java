package io.sluice.core.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One training run of a model, as MLflow tracks it: its experiment, the pipeline run that trained
 * it, parameters, metrics and the registry version it became (when registered).
 */
public record ExperimentRun(
    String experiment,
    String runId,
    String model,
    RunStatus status,
    Instant startedAt,
    Map<String, String> params,
    Map<String, Double> metrics,
    Optional<String> registeredVersion) {
  public ExperimentRun {
    requireNonNull(experiment, "experiment is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(model, "model is null");
    requireNonNull(status, "status is null");
    requireNonNull(startedAt, "startedAt is null");
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    requireNonNull(registeredVersion, "registeredVersion is null");
  }
}
