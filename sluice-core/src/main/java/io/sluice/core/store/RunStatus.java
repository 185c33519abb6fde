package io.sluice.core.store;

/** The state of a run or a step. */
public enum RunStatus {
  RUNNING,
  SUCCEEDED,
  FAILED,
  SKIPPED
}
