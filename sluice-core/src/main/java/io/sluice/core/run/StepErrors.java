package io.sluice.core.run;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;

/** Turns an exception from a step into one line a user can act on. */
public final class StepErrors {
  private static final String RAISED = "[USER_RAISED_EXCEPTION]";

  private StepErrors() {}

  public static String describe(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SluiceException sluice) {
        return "error[" + sluice.code().code() + "]: " + sluice.getMessage();
      }
    }
    for (Throwable t = error; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && message.contains(RAISED)) {
        String text = message.substring(message.indexOf(RAISED) + RAISED.length()).trim();
        int sqlState = text.indexOf(" SQLSTATE:");
        text = sqlState < 0 ? text : text.substring(0, sqlState);
        ErrorCode code =
            text.startsWith("Cannot read a record")
                ? ErrorCode.BAD_RECORD
                : ErrorCode.EXPECTATION_FAILED;
        return "error[" + code.code() + "]: " + text.trim();
      }
    }
    String message =
        error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    int newline = message.indexOf('\n');
    return "error["
        + ErrorCode.RUN_FAILED.code()
        + "]: "
        + (newline < 0 ? message : message.substring(0, newline));
  }
}
