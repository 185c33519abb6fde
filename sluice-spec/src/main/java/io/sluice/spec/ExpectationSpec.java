package io.sluice.spec;

import static java.util.Objects.requireNonNull;

import io.sluice.spec.yaml.Position;

/** A named SQL boolean check on each row of a dataset. */
public record ExpectationSpec(String name, String check, OnFail onFail, Position position) {
  public ExpectationSpec {
    requireNonNull(name, "name is null");
    requireNonNull(check, "check is null");
    requireNonNull(onFail, "onFail is null");
    requireNonNull(position, "position is null");
  }
}
