package io.sluice.core.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/** One run of one pipeline. */
public record RunRecord(
    String runId,
    String pipeline,
    String profile,
    RunStatus status,
    Instant startedAt,
    Optional<Instant> endedAt,
    String parameters,
    Optional<String> error) {
  public RunRecord {
    requireNonNull(runId, "runId is null");
    requireNonNull(pipeline, "pipeline is null");
    requireNonNull(profile, "profile is null");
    requireNonNull(status, "status is null");
    requireNonNull(startedAt, "startedAt is null");
    requireNonNull(endedAt, "endedAt is null");
    requireNonNull(parameters, "parameters is null");
    requireNonNull(error, "error is null");
  }
}
