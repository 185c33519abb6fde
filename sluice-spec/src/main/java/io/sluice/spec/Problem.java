package io.sluice.spec;

import static java.util.Objects.requireNonNull;

import io.sluice.spec.yaml.Position;
import io.sluice.spi.ErrorCode;

/** One problem found in a pipeline file, with its place, code, message and a fix hint. */
public record Problem(Position position, ErrorCode code, String message, String hint) {
  public Problem {
    requireNonNull(position, "position is null");
    requireNonNull(code, "code is null");
    requireNonNull(message, "message is null");
    requireNonNull(hint, "hint is null");
  }

  /** {@code FILE:LINE:COL: error[CODE]: message} and, on the next line, the hint. */
  public String format() {
    String head = position + ": error[" + code.code() + "]: " + message;
    return hint.isEmpty() ? head : head + "\n  hint: " + hint;
  }
}
