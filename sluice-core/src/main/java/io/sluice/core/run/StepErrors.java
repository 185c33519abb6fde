package io.sluice.core.run;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    // Spark wraps a task's failure ("Job aborted due to stage failure: ..."): the innermost error
    // with an error class ("[CAST_INVALID_INPUT] ...") says what went wrong.
    Throwable shown = error;
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && ERROR_CLASS.matcher(t.getMessage()).lookingAt()) {
        shown = t;
      }
    }
    String message =
        shown.getMessage() == null ? shown.getClass().getSimpleName() : shown.getMessage();
    int newline = message.indexOf('\n');
    return "error["
        + ErrorCode.RUN_FAILED.code()
        + "]: "
        + (newline < 0 ? message : message.substring(0, newline))
        + sqlPosition(message);
  }

  /**
   * Where in the SQL Spark says the error is: its "== SQL (line L, position P) ==" block, with the
   * marked text, as " (at SQL line L, position P: TEXT)"; empty when the message has none.
   */
  static String sqlPosition(String message) {
    Matcher block = SQL_POSITION.matcher(message);
    if (!block.find()) {
      return "";
    }
    String at = " (at SQL line " + block.group(1) + ", position " + block.group(2);
    String line = block.group(3);
    String carets = block.group(4);
    int from = carets.indexOf('^');
    int to = Math.min(line.length(), carets.length());
    String marked = from >= 0 && from < to ? line.substring(from, to).trim() : "";
    return marked.isEmpty() ? at + ")" : at + ": " + marked + ")";
  }

  private static final Pattern ERROR_CLASS = Pattern.compile("\\[[A-Z][A-Z0-9_.]*\\] ");

  private static final Pattern SQL_POSITION =
      Pattern.compile(
          "== SQL(?: of [^(]*)? \\(line (\\d+), position (\\d+)\\) ==\\R([^\\r\\n]*)\\R([ \\t]*\\^+)");
}
