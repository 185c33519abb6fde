package io.sluice.core.store;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of one check in one step: an expectation's failed rows, or a reconciliation's
 * differing measures with both sides' numbers in {@code detail} ("rows: dataset 100, target 99").
 */
public record CheckRecord(
    String runId, String step, String checkName, String onFail, long failedRows, String detail) {
  public CheckRecord {
    requireNonNull(runId, "runId is null");
    requireNonNull(step, "step is null");
    requireNonNull(checkName, "checkName is null");
    requireNonNull(onFail, "onFail is null");
    requireNonNull(detail, "detail is null");
  }

  /** A check without detail (an expectation: the failed rows say it all). */
  public CheckRecord(String runId, String step, String checkName, String onFail, long failedRows) {
    this(runId, step, checkName, onFail, failedRows, "");
  }
}
