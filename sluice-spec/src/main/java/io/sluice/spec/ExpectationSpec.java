package io.sluice.spec;

import static java.util.Objects.requireNonNull;

import io.sluice.spec.yaml.Position;

/** A named SQL boolean check on each row of a dataset. */
public record ExpectationSpec(String name, String check, OnFail onFail, Position position) {
  /**
   * Checks with on_fail warn, drop or quarantine per dataset: the engine counts each row's failures
   * as one bit per check in a long.
   */
  public static final int MAX_COUNTED = 63;

  public ExpectationSpec {
    requireNonNull(name, "name is null");
    requireNonNull(check, "check is null");
    requireNonNull(onFail, "onFail is null");
    requireNonNull(position, "position is null");
  }
}
