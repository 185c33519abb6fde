package io.sluice.spi;

import static java.util.Objects.requireNonNull;

/**
 * An error caused by the user's input or data rather than by a bug. The CLI prints its message with
 * the code and no stack trace (unless {@code --verbose}).
 */
public class SluiceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public SluiceException(ErrorCode code, String message) {
    super(message);
    this.code = requireNonNull(code, "code is null");
  }

  public SluiceException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = requireNonNull(code, "code is null");
  }

  public ErrorCode code() {
    return code;
  }
}
