package io.sluice.spec.yaml;

import static java.util.Objects.requireNonNull;

/** A place in a pipeline file: 1-based line and column. */
public record Position(String file, int line, int column) {
  public Position {
    requireNonNull(file, "file is null");
  }

  /** The position {@code lines} lines below and at {@code column}, for text inside a scalar. */
  public Position at(int lineOffset, int newColumn) {
    return new Position(file, line + lineOffset, newColumn);
  }

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
