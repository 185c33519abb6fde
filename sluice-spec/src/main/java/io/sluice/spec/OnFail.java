package io.sluice.spec;

/** What happens to a row that fails an expectation. */
public enum OnFail {
  /** Keep the row, count it, print a warning. */
  WARN,
  /** Remove the row, count it as dropped. */
  DROP,
  /** Move the row to the dataset's quarantine table with the failed check names. */
  QUARANTINE,
  /** Fail the run. Nothing of the dataset is written. */
  FAIL
}
