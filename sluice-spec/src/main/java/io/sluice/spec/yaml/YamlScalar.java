package io.sluice.spec.yaml;

import static java.util.Objects.requireNonNull;

/**
 * A scalar as written. {@code value} is null for YAML null ({@code ~}, {@code null} or nothing).
 * {@code block} is true for literal ({@code |}) and folded ({@code >}) scalars, whose text starts
 * on the line after {@code position}; {@code contentColumn} is the column where the text starts.
 */
public record YamlScalar(
    String value, boolean quoted, boolean block, int contentColumn, Position position)
    implements YamlNode {
  public YamlScalar {
    requireNonNull(position, "position is null");
  }

  public boolean isNull() {
    return value == null;
  }

  /** The position of a character of the value, given its 1-based line and column in the value. */
  public Position positionOf(int valueLine, int valueColumn) {
    if (block) {
      return position.at(valueLine, contentColumn + valueColumn - 1);
    }
    if (valueLine == 1) {
      return position.at(0, position.column() + (quoted ? 1 : 0) + valueColumn - 1);
    }
    return position.at(valueLine - 1, valueColumn);
  }

  public YamlScalar withValue(String newValue) {
    return new YamlScalar(newValue, quoted, block, contentColumn, position);
  }

  @Override
  public String kind() {
    if (value == null) {
      return "null";
    }
    return quoted || block ? "a string" : "the value '" + value + "'";
  }
}
