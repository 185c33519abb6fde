package io.sluice.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Redshift spellings that Calcite's parser does not accept, rewritten token by token before parsing
 * (string literals, quoted identifiers and comments are skipped, never searched): a quoted date
 * part such as {@code DATEADD('day', ...)} and a Postgres interval literal such as {@code INTERVAL
 * '7 days'}. Replacements keep their length where they can, so positions in parse errors still
 * point at the query as written. Also the names of Redshift's date parts.
 */
final class RedshiftLexicon {
  private RedshiftLexicon() {}

  /** Redshift date part names and abbreviations, by Spark's unit name. */
  private static final Map<String, String> DATE_PARTS =
      Map.ofEntries(
          Map.entry("millennium", "MILLENNIUM"),
          Map.entry("millennia", "MILLENNIUM"),
          Map.entry("mil", "MILLENNIUM"),
          Map.entry("mils", "MILLENNIUM"),
          Map.entry("century", "CENTURY"),
          Map.entry("centuries", "CENTURY"),
          Map.entry("c", "CENTURY"),
          Map.entry("cent", "CENTURY"),
          Map.entry("cents", "CENTURY"),
          Map.entry("decade", "DECADE"),
          Map.entry("decades", "DECADE"),
          Map.entry("dec", "DECADE"),
          Map.entry("decs", "DECADE"),
          Map.entry("year", "YEAR"),
          Map.entry("years", "YEAR"),
          Map.entry("y", "YEAR"),
          Map.entry("yr", "YEAR"),
          Map.entry("yrs", "YEAR"),
          Map.entry("quarter", "QUARTER"),
          Map.entry("quarters", "QUARTER"),
          Map.entry("qtr", "QUARTER"),
          Map.entry("qtrs", "QUARTER"),
          Map.entry("month", "MONTH"),
          Map.entry("months", "MONTH"),
          Map.entry("mon", "MONTH"),
          Map.entry("mons", "MONTH"),
          Map.entry("week", "WEEK"),
          Map.entry("weeks", "WEEK"),
          Map.entry("w", "WEEK"),
          Map.entry("day", "DAY"),
          Map.entry("days", "DAY"),
          Map.entry("d", "DAY"),
          Map.entry("hour", "HOUR"),
          Map.entry("hours", "HOUR"),
          Map.entry("h", "HOUR"),
          Map.entry("hr", "HOUR"),
          Map.entry("hrs", "HOUR"),
          Map.entry("minute", "MINUTE"),
          Map.entry("minutes", "MINUTE"),
          Map.entry("m", "MINUTE"),
          Map.entry("min", "MINUTE"),
          Map.entry("mins", "MINUTE"),
          Map.entry("second", "SECOND"),
          Map.entry("seconds", "SECOND"),
          Map.entry("s", "SECOND"),
          Map.entry("sec", "SECOND"),
          Map.entry("secs", "SECOND"),
          Map.entry("millisecond", "MILLISECOND"),
          Map.entry("milliseconds", "MILLISECOND"),
          Map.entry("ms", "MILLISECOND"),
          Map.entry("msec", "MILLISECOND"),
          Map.entry("msecs", "MILLISECOND"),
          Map.entry("msecond", "MILLISECOND"),
          Map.entry("mseconds", "MILLISECOND"),
          Map.entry("millisec", "MILLISECOND"),
          Map.entry("millisecs", "MILLISECOND"),
          Map.entry("millisecon", "MILLISECOND"),
          Map.entry("microsecond", "MICROSECOND"),
          Map.entry("microseconds", "MICROSECOND"),
          Map.entry("microsec", "MICROSECOND"),
          Map.entry("microsecs", "MICROSECOND"),
          Map.entry("usecond", "MICROSECOND"),
          Map.entry("useconds", "MICROSECOND"),
          Map.entry("us", "MICROSECOND"),
          Map.entry("usec", "MICROSECOND"),
          Map.entry("usecs", "MICROSECOND"),
          Map.entry("dow", "DOW"),
          Map.entry("dayofweek", "DOW"),
          Map.entry("weekday", "DOW"),
          Map.entry("doy", "DOY"),
          Map.entry("dayofyear", "DOY"),
          Map.entry("epoch", "EPOCH"));

  /** Spark's unit for a Redshift date part such as {@code mins} or {@code 'day'}. */
  static Optional<String> datePart(String part) {
    String key = part.trim().toLowerCase(Locale.ROOT);
    if (key.length() > 1 && key.startsWith("'") && key.endsWith("'")) {
      key = key.substring(1, key.length() - 1).trim();
    }
    return Optional.ofNullable(DATE_PARTS.get(key));
  }

  /** Functions whose first argument is a date part, which Calcite wants unquoted. */
  private static final java.util.Set<String> DATE_PART_FUNCTIONS =
      java.util.Set.of("dateadd", "datediff", "date_part", "timestampadd", "timestampdiff");

  /**
   * The query with quoted date parts unquoted, interval literals in the SQL standard form, and
   * {@code x::type} casts written as {@code CAST(x AS type)}: Calcite's Babel parser applies {@code
   * ::} to everything on its left ({@code a > b::int} would cast the comparison), while Redshift
   * binds it tightest.
   */
  static String normalise(String sql) {
    return casts(literals(sql));
  }

  /** Quoted date parts unquoted and interval literals rewritten, on the query's tokens. */
  private static String literals(String sql) {
    List<Token> tokens = tokens(sql);
    StringBuilder out = new StringBuilder(sql);
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.get(i).kind() != Token.WORD) {
        continue;
      }
      String word = text(sql, tokens.get(i)).toLowerCase(Locale.ROOT);
      int next = nextSolid(tokens, i + 1);
      if (next < 0) {
        continue;
      }
      if (word.equals("interval") && tokens.get(next).kind() == Token.STRING) {
        // INTERVAL '7 days' -> INTERVAL '7' DAY
        Token literal = tokens.get(next);
        Optional<String> replacement = intervalLiteral(text(sql, literal));
        if (replacement.isPresent()) {
          replace(out, sql, literal.start(), text(sql, literal), replacement.get());
        }
      } else if (DATE_PART_FUNCTIONS.contains(word) && isPunct(sql, tokens.get(next), '(')) {
        // DATEADD('day', ...) -> DATEADD(day  , ...): same length, positions kept
        int argument = nextSolid(tokens, next + 1);
        if (argument >= 0 && tokens.get(argument).kind() == Token.STRING) {
          String literal = text(sql, tokens.get(argument));
          String part = literal.substring(1, Math.max(1, literal.length() - 1)).trim();
          if (!part.isEmpty() && part.chars().allMatch(Character::isLetter)) {
            replace(out, sql, tokens.get(argument).start(), literal, part);
          }
        }
      }
    }
    return out.toString();
  }

  /** A token of the query: its kind and where it is. */
  private record Token(char kind, int start, int end) {
    static final char WORD = 'w';
    static final char QUOTED = 'q';
    static final char STRING = 's';
    static final char NUMBER = 'n';
    static final char SPACE = ' ';
    static final char CAST = ':';
    static final char PUNCT = 'p';
  }

  private static final java.util.Set<String> NOT_A_FUNCTION =
      java.util.Set.of(
          "and",
          "or",
          "not",
          "in",
          "select",
          "where",
          "on",
          "when",
          "then",
          "else",
          "by",
          "as",
          "from",
          "exists",
          "between",
          "like",
          "ilike",
          "is",
          "case",
          "having",
          "join",
          "over",
          "values",
          "all",
          "any",
          "some",
          "distinct");

  /** Rewrites each {@code operand::type} as {@code CAST(operand AS type)}, leftmost first. */
  private static String casts(String sql) {
    String current = sql;
    for (int guard = 0; guard < 10_000; guard++) {
      List<Token> tokens = tokens(current);
      int at = -1;
      for (int i = 0; i < tokens.size(); i++) {
        if (tokens.get(i).kind() == Token.CAST) {
          at = i;
          break;
        }
      }
      if (at < 0) {
        return current;
      }
      int first = operandStart(current, tokens, at);
      int last = typeEnd(current, tokens, at);
      if (first < 0 || last < 0) {
        return current; // leave it to the parser, which reports the position
      }
      int from = tokens.get(first).start();
      int typeFrom = tokens.get(nextSolid(tokens, at + 1)).start();
      int to = tokens.get(last).end();
      current =
          current.substring(0, from)
              + "CAST("
              + current.substring(from, tokens.get(at).start()).stripTrailing()
              + " AS "
              + current.substring(typeFrom, to)
              + ")"
              + current.substring(to);
    }
    return current;
  }

  /** The first token of the operand that ends just before token {@code cast}; -1 if none. */
  private static int operandStart(String sql, List<Token> tokens, int cast) {
    int i = previousSolid(tokens, cast - 1);
    if (i < 0) {
      return -1;
    }
    Token token = tokens.get(i);
    if (isPunct(sql, token, ')')) {
      int depth = 0;
      for (; i >= 0; i--) {
        if (isPunct(sql, tokens.get(i), ')')) {
          depth++;
        } else if (isPunct(sql, tokens.get(i), '(')) {
          depth--;
          if (depth == 0) {
            break;
          }
        }
      }
      if (i < 0) {
        return -1;
      }
      int name = previousSolid(tokens, i - 1);
      if (name >= 0
          && tokens.get(name).kind() == Token.WORD
          && !NOT_A_FUNCTION.contains(text(sql, tokens.get(name)).toLowerCase(Locale.ROOT))) {
        return qualified(sql, tokens, name);
      }
      return i;
    }
    if (token.kind() == Token.WORD || token.kind() == Token.QUOTED) {
      return qualified(sql, tokens, i);
    }
    if (token.kind() == Token.STRING || token.kind() == Token.NUMBER) {
      return i;
    }
    return -1;
  }

  /** Extends a name back over {@code a.b.} qualifiers. */
  private static int qualified(String sql, List<Token> tokens, int i) {
    while (i >= 2
        && isPunct(sql, tokens.get(i - 1), '.')
        && (tokens.get(i - 2).kind() == Token.WORD || tokens.get(i - 2).kind() == Token.QUOTED)) {
      i -= 2;
    }
    return i;
  }

  /** The last token of the type after token {@code cast}: words and an optional (p, s). */
  private static int typeEnd(String sql, List<Token> tokens, int cast) {
    int i = nextSolid(tokens, cast + 1);
    if (i < 0 || tokens.get(i).kind() != Token.WORD) {
      return -1;
    }
    String word = text(sql, tokens.get(i)).toLowerCase(Locale.ROOT);
    int last = i;
    List<String> follow =
        switch (word) {
          case "double" -> List.of("precision");
          case "character" -> List.of("varying");
          case "timestamp", "time" -> List.of("with", "without", "time", "zone");
          default -> List.of();
        };
    int next = nextSolid(tokens, last + 1);
    while (next >= 0
        && tokens.get(next).kind() == Token.WORD
        && follow.contains(text(sql, tokens.get(next)).toLowerCase(Locale.ROOT))) {
      last = next;
      next = nextSolid(tokens, last + 1);
    }
    if (next >= 0 && isPunct(sql, tokens.get(next), '(')) {
      int close = next;
      while (close < tokens.size() && !isPunct(sql, tokens.get(close), ')')) {
        close++;
      }
      if (close < tokens.size()) {
        last = close;
      }
    }
    return last;
  }

  private static int previousSolid(List<Token> tokens, int i) {
    while (i >= 0 && tokens.get(i).kind() == Token.SPACE) {
      i--;
    }
    return i;
  }

  private static int nextSolid(List<Token> tokens, int i) {
    while (i < tokens.size() && tokens.get(i).kind() == Token.SPACE) {
      i++;
    }
    return i < tokens.size() ? i : -1;
  }

  private static boolean isPunct(String sql, Token token, char c) {
    return token.kind() == Token.PUNCT && sql.charAt(token.start()) == c;
  }

  private static String text(String sql, Token token) {
    return sql.substring(token.start(), token.end());
  }

  /** Splits SQL into words, quoted names, strings, numbers, spaces/comments, :: and punctuation. */
  private static List<Token> tokens(String sql) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      int end;
      char kind;
      if (c == '\'') {
        end = stringEnd(sql, i);
        kind = Token.STRING;
      } else if (c == '"') {
        int close = sql.indexOf('"', i + 1);
        end = close < 0 ? n : close + 1;
        kind = Token.QUOTED;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int close = sql.indexOf('\n', i);
        end = close < 0 ? n : close;
        kind = Token.SPACE;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int close = sql.indexOf("*/", i + 2);
        end = close < 0 ? n : close + 2;
        kind = Token.SPACE;
      } else if (Character.isWhitespace(c)) {
        end = i + 1;
        while (end < n && Character.isWhitespace(sql.charAt(end))) {
          end++;
        }
        kind = Token.SPACE;
      } else if (Character.isLetter(c) || c == '_') {
        end = i + 1;
        while (end < n
            && (Character.isLetterOrDigit(sql.charAt(end))
                || sql.charAt(end) == '_'
                || sql.charAt(end) == '$')) {
          end++;
        }
        kind = Token.WORD;
      } else if (Character.isDigit(c)) {
        end = i + 1;
        while (end < n && (Character.isDigit(sql.charAt(end)) || sql.charAt(end) == '.')) {
          end++;
        }
        kind = Token.NUMBER;
      } else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
        end = i + 2;
        kind = Token.CAST;
      } else {
        end = i + 1;
        kind = Token.PUNCT;
      }
      tokens.add(new Token(kind, i, end));
      i = end;
    }
    return tokens;
  }

  /** {@code '7 days'} becomes {@code '7' DAY}; empty for anything but one number and one unit. */
  private static Optional<String> intervalLiteral(String literal) {
    String body = literal.substring(1, Math.max(1, literal.length() - 1)).trim();
    String[] words = body.split("\\s+");
    if (words.length != 2 || !words[0].matches("[-+]?\\d+")) {
      return Optional.empty();
    }
    Optional<String> unit = datePart(words[1]);
    if (unit.isEmpty()) {
      return Optional.empty();
    }
    long amount = Long.parseLong(words[0]);
    return switch (unit.get()) {
      case "WEEK" -> Optional.of("'" + amount * 7 + "' DAY");
      case "YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND" ->
          Optional.of("'" + amount + "' " + unit.get());
      default -> Optional.empty();
    };
  }

  /** Replaces {@code original} at {@code at}, padding with spaces to keep later positions. */
  private static void replace(
      StringBuilder out, String sql, int at, String original, String replacement) {
    StringBuilder padded = new StringBuilder(replacement);
    while (padded.length() < original.length()) {
      padded.append(' ');
    }
    // Replacements only ever come from the original text's own positions; when a replacement is
    // longer than the original, later offsets shift, so rebuild relative to the end.
    int shift = out.length() - sql.length();
    out.replace(at + shift, at + shift + original.length(), padded.toString());
  }

  /** The index just after the string literal that starts at {@code start} ({@code ''} escapes). */
  private static int stringEnd(String sql, int start) {
    int i = start + 1;
    while (i < sql.length()) {
      if (sql.charAt(i) == '\'') {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return sql.length();
  }
}
