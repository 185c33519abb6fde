package io.sluice.core.store;

import static java.util.Objects.requireNonNull;

/** The outcome of one expectation in one step. */
public record CheckRecord(
    String runId, String step, String checkName, String onFail, long failedRows) {
  public CheckRecord {
    requireNonNull(runId, "runId is null");
    requireNonNull(step, "step is null");
    requireNonNull(checkName, "checkName is null");
    requireNonNull(onFail, "onFail is null");
  }
}
