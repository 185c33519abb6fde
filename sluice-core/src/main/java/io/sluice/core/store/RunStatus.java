package io.sluice.core.store;

/** The state of a run or a step. */
public enum RunStatus {
  RUNNING,
  SUCCEEDED,
  FAILED,
  SKIPPED,
  /** The process running it died (kill -9, a crash); a scheduler re-runs the date. */
  INTERRUPTED
}
