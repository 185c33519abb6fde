package io.sluice.spec;

import java.util.List;

/**
 * After a sink wrote, compare its dataset with what the target holds: row counts always, and
 * optionally the distinct values of key columns and the sums of numeric columns. {@code fail} fails
 * the run on a mismatch; otherwise it warns. Either way an alert goes to the configured Slack
 * webhook.
 */
public record ReconcileSpec(List<String> keys, List<String> sums, boolean fail) {
  public ReconcileSpec {
    keys = List.copyOf(keys);
    sums = List.copyOf(sums);
  }
}
