package io.sluice.spec;

import java.util.List;

/**
 * After a sink wrote (or a dataset was written, {@code with} naming the other dataset), compare its
 * rows with what the target (or the other dataset) holds: row counts always, and optionally the
 * distinct values of key columns and the sums of numeric columns. {@code fail} fails the run on a
 * mismatch; otherwise it warns. Either way an alert goes to the configured Slack webhook.
 */
public record ReconcileSpec(
    List<String> keys,
    List<String> sums,
    boolean fail,
    java.util.Optional<String> with,
    boolean rows) {
  public ReconcileSpec {
    keys = List.copyOf(keys);
    sums = List.copyOf(sums);
    java.util.Objects.requireNonNull(with, "with is null");
  }

  /** A sink's reconciliation: its dataset against the target, row counts compared. */
  public ReconcileSpec(List<String> keys, List<String> sums, boolean fail) {
    this(keys, sums, fail, java.util.Optional.empty(), true);
  }
}
