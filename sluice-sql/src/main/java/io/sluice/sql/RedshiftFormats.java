package io.sluice.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Redshift (Postgres) datetime format strings such as {@code 'YYYY-MM-DD HH24:MI:SS'} or {@code
 * 'IYYY-IW'} split into pieces that Spark can compute: runs of {@code date_format} patterns, and
 * values Spark's patterns cannot express (ISO week-numbering year and week, day of week numbers,
 * quarter, blank-padded and upper-case month and day names).
 */
final class RedshiftFormats {
  private RedshiftFormats() {}

  /** One piece of a format. */
  sealed interface Piece {}

  /** Literal text, or a Spark {@code date_format} pattern letter run. */
  record Pattern(String sparkPattern) implements Piece {}

  /** Text copied as is. */
  record Text(String text) implements Piece {}

  /** A value computed from the timestamp: see {@link Computed.Kind}. */
  record Computed(Kind kind, String sparkPattern, int padTo) implements Piece {
    enum Kind {
      /** ISO 8601 week-numbering year (IYYY). */
      ISO_YEAR,
      /** ISO week of the year, 01-53 (IW). */
      ISO_WEEK,
      /** ISO day of the week, Monday 1 .. Sunday 7 (ID). */
      ISO_DAY_OF_WEEK,
      /** Day of the week, Sunday 1 .. Saturday 7 (D). */
      DAY_OF_WEEK,
      /** Quarter 1-4 (Q). */
      QUARTER,
      /** Week of the year where week 1 starts on 1 January (WW). */
      WEEK_OF_YEAR,
      /** A name from {@code sparkPattern}, upper-cased. */
      UPPER,
      /** A name from {@code sparkPattern}, lower-cased. */
      LOWER,
      /** A name from {@code sparkPattern} as is. */
      NAME
    }
  }

  /** Thrown for a format token that has no Spark equivalent. */
  static final class UnsupportedToken extends Exception {
    private static final long serialVersionUID = 1L;

    UnsupportedToken(String message) {
      super(message);
    }
  }

  /**
   * True when {@code format} is a numeric format (such as '999D99'), which Spark's to_char takes.
   */
  static boolean numeric(String format) {
    String upper = format.toUpperCase(Locale.ROOT);
    return !upper.isEmpty()
        && upper.chars().allMatch(c -> "90.,DGSLMIPRFM$ ".indexOf(c) >= 0)
        && upper.chars().anyMatch(c -> c == '9' || c == '0');
  }

  /** Splits a datetime format. */
  static List<Piece> parse(String format) throws UnsupportedToken {
    List<Piece> pieces = new ArrayList<>();
    int i = 0;
    while (i < format.length()) {
      boolean fill = false;
      if (format.startsWith("FM", i) || format.startsWith("fm", i)) {
        fill = true;
        i += 2;
      }
      if (i >= format.length()) {
        break;
      }
      char c = format.charAt(i);
      if (c == '"') {
        int end = format.indexOf('"', i + 1);
        end = end < 0 ? format.length() : end;
        pieces.add(new Text(format.substring(i + 1, end)));
        i = end + 1;
        continue;
      }
      Token token = token(format, i, fill);
      if (token == null) {
        pieces.add(new Text(String.valueOf(c)));
        i++;
      } else {
        pieces.add(token.piece());
        i += token.length();
      }
    }
    return pieces;
  }

  /** The Spark pattern of a format made only of pattern pieces (for to_date / to_timestamp). */
  static String parsePattern(String format) throws UnsupportedToken {
    StringBuilder out = new StringBuilder();
    for (Piece piece : parse(format)) {
      if (piece instanceof Pattern pattern) {
        out.append(pattern.sparkPattern());
      } else if (piece instanceof Text text) {
        out.append(quote(text.text()));
      } else if (piece instanceof Computed computed) {
        throw new UnsupportedToken(
            "format '" + format + "' reads a value Spark cannot parse (" + computed.kind() + ")");
      }
    }
    return out.toString();
  }

  /** Text as a Spark pattern literal: letters and quotes inside '...'. */
  static String quote(String text) {
    if (text.chars().noneMatch(c -> Character.isLetter(c) || c == '\'')) {
      return text;
    }
    return "'" + text.replace("'", "''") + "'";
  }

  private record Token(Piece piece, int length) {}

  private static Token token(String f, int i, boolean fill) throws UnsupportedToken {
    String rest = f.substring(i);
    String upper = rest.toUpperCase(Locale.ROOT);
    // Names, where the case of the token sets the case of the output.
    for (String name : List.of("MONTH", "MON", "DAY", "DY")) {
      if (upper.startsWith(name)) {
        String spark =
            switch (name) {
              case "MONTH" -> "MMMM";
              case "MON" -> "MMM";
              case "DAY" -> "EEEE";
              default -> "EEE";
            };
        String written = rest.substring(0, name.length());
        Computed.Kind kind =
            written.equals(name)
                ? Computed.Kind.UPPER
                : written.equals(written.toLowerCase(Locale.ROOT))
                    ? Computed.Kind.LOWER
                    : Computed.Kind.NAME;
        int pad = (!fill && (name.equals("MONTH") || name.equals("DAY"))) ? 9 : 0;
        if (kind == Computed.Kind.NAME && pad == 0) {
          return new Token(new Pattern(spark), name.length());
        }
        return new Token(new Computed(kind, spark, pad), name.length());
      }
    }
    String[][] patterns = {
      {"HH24", fill ? "H" : "HH"},
      {"HH12", fill ? "h" : "hh"},
      {"HH", fill ? "h" : "hh"},
      {"MI", fill ? "m" : "mm"},
      {"SS", fill ? "s" : "ss"},
      {"MS", "SSS"},
      {"US", "SSSSSS"},
      {"AM", "a"},
      {"PM", "a"},
      {"YYYY", "yyyy"},
      {"YY", "yy"},
      {"MM", fill ? "M" : "MM"},
      {"DDD", fill ? "D" : "DDD"},
      {"DD", fill ? "d" : "dd"},
    };
    if (upper.startsWith("IYYY")) {
      return new Token(new Computed(Computed.Kind.ISO_YEAR, "", 0), 4);
    }
    if (upper.startsWith("IW")) {
      return new Token(new Computed(Computed.Kind.ISO_WEEK, "", fill ? 0 : 2), 2);
    }
    if (upper.startsWith("ID")) {
      return new Token(new Computed(Computed.Kind.ISO_DAY_OF_WEEK, "", 0), 2);
    }
    if (upper.startsWith("WW")) {
      return new Token(new Computed(Computed.Kind.WEEK_OF_YEAR, "", fill ? 0 : 2), 2);
    }
    if (upper.startsWith("IY") || (upper.startsWith("YYY") && !upper.startsWith("YYYY"))) {
      throw new UnsupportedToken(
          "format token '" + rest.substring(0, Math.min(3, rest.length())) + "'");
    }
    for (String[] pattern : patterns) {
      if (upper.startsWith(pattern[0])) {
        return new Token(new Pattern(pattern[1]), pattern[0].length());
      }
    }
    if (upper.startsWith("Q")) {
      return new Token(new Computed(Computed.Kind.QUARTER, "", 0), 1);
    }
    if (upper.startsWith("D")) {
      return new Token(new Computed(Computed.Kind.DAY_OF_WEEK, "", 0), 1);
    }
    if (upper.startsWith("TZ") || upper.startsWith("OF") || upper.startsWith("J")) {
      throw new UnsupportedToken(
          "format token '" + rest.substring(0, upper.startsWith("J") ? 1 : 2) + "'");
    }
    return null;
  }
}
