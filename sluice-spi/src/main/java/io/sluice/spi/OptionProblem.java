package io.sluice.spi;

import static java.util.Objects.requireNonNull;

/**
 * A problem a connector found in its options: the key it concerns, what is wrong, and how to fix
 * it.
 */
public record OptionProblem(String key, ErrorCode code, String message, String hint) {
  public OptionProblem {
    requireNonNull(key, "key is null");
    requireNonNull(code, "code is null");
    requireNonNull(message, "message is null");
    requireNonNull(hint, "hint is null");
  }
}
