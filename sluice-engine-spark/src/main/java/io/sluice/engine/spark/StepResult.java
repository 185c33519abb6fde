package io.sluice.engine.spark;

import static java.util.Objects.requireNonNull;

import io.sluice.core.store.RunStatus;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** What one step did: its row accounting, its checks and how it ended. */
public record StepResult(
    String name,
    String kind,
    RunStatus status,
    long rowsIn,
    long rowsOut,
    long quarantined,
    long dropped,
    long warned,
    Map<String, Long> failedByCheck,
    Duration duration,
    String target,
    Optional<String> error) {
  public StepResult {
    requireNonNull(name, "name is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(status, "status is null");
    failedByCheck = Map.copyOf(failedByCheck);
    requireNonNull(duration, "duration is null");
    requireNonNull(target, "target is null");
    requireNonNull(error, "error is null");
  }

  static StepResult skipped(String name, String kind) {
    return new StepResult(
        name,
        kind,
        RunStatus.SKIPPED,
        0,
        0,
        0,
        0,
        0,
        Map.of(),
        Duration.ZERO,
        "",
        Optional.empty());
  }

  /** Cumulative counts of a streaming step. */
  public record Totals(long rowsIn, long rowsOut, long quarantined, long dropped, long warned) {
    static Totals of(StreamingStep.Totals totals) {
      return new Totals(
          totals.rowsIn.get(),
          totals.rowsOut.get(),
          totals.quarantined.get(),
          totals.dropped.get(),
          totals.warned.get());
    }
  }
}
