package io.sluice.spec;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * {@code tracking:}: where training runs are also logged besides Sluice's own registry: an MLflow
 * tracking server by URL, with an optional bearer token (a secret).
 */
public record TrackingSpec(Optional<String> mlflow, Optional<String> token) {
  public static final TrackingSpec NONE = new TrackingSpec(Optional.empty(), Optional.empty());

  public TrackingSpec {
    requireNonNull(mlflow, "mlflow is null");
    requireNonNull(token, "token is null");
  }

  @Override
  public String toString() {
    return "TrackingSpec[mlflow="
        + mlflow.orElse("-")
        + ", token="
        + (token.isPresent() ? "***" : "-")
        + "]";
  }
}
