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
    String head = position + ": error[" + code.code() + "]: " + printable(message);
    return hint.isEmpty() ? head : head + "\n  hint: " + printable(hint);
  }

  /**
   * {@code text} with the characters that would break the line or the terminal (control characters,
   * line separators, right-to-left overrides, zero-width marks) written as {@code \\uXXXX}: a
   * message quotes what the file says, and a file may say anything.
   */
  static String printable(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int type = Character.getType(c);
      boolean hidden =
          (type == Character.CONTROL && c != '\t' && c != '\n')
              || type == Character.FORMAT
              || type == Character.LINE_SEPARATOR
              || type == Character.PARAGRAPH_SEPARATOR;
      if (hidden && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (out != null) {
        if (hidden) {
          out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? text : out.toString();
  }
}
