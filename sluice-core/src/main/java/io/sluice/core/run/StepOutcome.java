package io.sluice.core.run;

import static java.util.Objects.requireNonNull;

/**
 * What an executor reports for one attempt at a step: its result and, for a failure, whether the
 * cause was transient (a refused connection, a timeout: worth a retry) or would fail again (a SQL,
 * validation or data error).
 */
public record StepOutcome(StepResult result, boolean transientFailure) {
  public StepOutcome {
    requireNonNull(result, "result is null");
  }

  public static StepOutcome of(StepResult result) {
    return new StepOutcome(result, false);
  }
}
