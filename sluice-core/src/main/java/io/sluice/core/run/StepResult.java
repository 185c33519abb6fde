package io.sluice.core.run;

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

  /** A step that did not run because a step it depends on failed or was skipped. */
  public static StepResult skipped(String name, String kind) {
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

  /** A failed step: no rows, the error, the time it took until it failed. */
  public static StepResult failed(String name, String kind, Duration took, String error) {
    return new StepResult(
        name, kind, RunStatus.FAILED, 0, 0, 0, 0, 0, Map.of(), took, "", Optional.of(error));
  }

  /** Cumulative counts of a streaming step. */
  public record Totals(long rowsIn, long rowsOut, long quarantined, long dropped, long warned) {
    public static final Totals NONE = new Totals(0, 0, 0, 0, 0);
  }
}
