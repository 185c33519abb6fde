package io.sluice.core.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One step (a dataset or a sink) of a run with its row accounting: {@code rowsIn = rowsOut +
 * quarantined + dropped} for a successful step.
 */
public record StepRecord(
    String runId,
    String step,
    String kind,
    RunStatus status,
    Instant startedAt,
    Optional<Instant> endedAt,
    long rowsIn,
    long rowsOut,
    long quarantined,
    long dropped,
    long warned,
    Optional<String> error) {
  public StepRecord {
    requireNonNull(runId, "runId is null");
    requireNonNull(step, "step is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(status, "status is null");
    requireNonNull(startedAt, "startedAt is null");
    requireNonNull(endedAt, "endedAt is null");
    requireNonNull(error, "error is null");
  }

  /** True when every row that came in is accounted for. */
  public boolean balanced() {
    return rowsIn == rowsOut + quarantined + dropped;
  }
}
