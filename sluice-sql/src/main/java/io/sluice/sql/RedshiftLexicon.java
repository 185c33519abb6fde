package io.sluice.sql;

import io.sluice.sql.SqlTokens.Token;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Redshift spellings that Calcite's parser does not accept, rewritten token by token before parsing
 * (string literals, quoted identifiers and comments are skipped, never searched): quoted date parts
 * ({@code DATEADD('day', ...)}), DATE_ADD / DATE_DIFF, Postgres interval literals ({@code INTERVAL
 * '3 hours, 35 minutes'}), date literals in Redshift's other forms ({@code DATE '20220502'}), TOP
 * n, APPROXIMATE COUNT(DISTINCT ...), IGNORE / RESPECT NULLS in either place, Oracle's {@code (+)},
 * {@code #temp} names, PartiQL's {@code AT index} and {@code x::type} casts. What Calcite cannot
 * carry is written as a marker the translator reads back ({@link RedshiftCalls}). Also the names of
 * Redshift's date parts.
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
      java.util.Set.of(
          "dateadd",
          "datediff",
          "date_part",
          "timestampadd",
          "timestampdiff",
          "date_add",
          "date_diff");

  /** The marker of a column Oracle's {@code (+)} outer-joins. */
  static final String OUTER_MARKER = "SLUICE_OUTER";

  /** The first column name of a PartiQL {@code AS alias AT index} after rewriting. */
  static final String AT_MARKER = "sluice_at";

  /** The hint that carries TOP n to the translator. */
  static final String TOP_HINT = "SLUICE_TOP";

  /**
   * The query in a form Calcite's Babel parser reads: Redshift's spellings rewritten (see the
   * class), then {@code x::type} casts written as {@code CAST(x AS type)}: Babel applies {@code ::}
   * to everything on its left ({@code a > b::int} would cast the comparison), while Redshift binds
   * it tightest.
   */
  static String normalise(String sql) throws SqlTranslationException {
    return RedshiftCastSyntax.casts(literals(spellings(sql)));
  }

  /** TOP, APPROXIMATE, IGNORE NULLS, (+), #temp, AT, DATE_ADD / DATE_DIFF. */
  private static String spellings(String sql) throws SqlTranslationException {
    SqlTokens t = new SqlTokens(sql);
    for (int i = 0; i < t.size(); i++) {
      String word = t.word(i);
      int next = t.nextSolid(i + 1);
      if (word.equals("top")
          && t.kind(next) == Token.NUMBER
          && t.word(t.previousSolid(i - 1)).equals("select")) {
        t.replace(i, next, "/*+ " + TOP_HINT + "(" + t.text(next) + ") */");
      } else if (word.equals("approximate")) {
        approximate(t, i, next);
      } else if ((word.equals("ignore") || word.equals("respect"))
          && t.word(next).equals("nulls")) {
        nullTreatment(t, i, next, word);
      } else if (t.isPunct(i, '(')
          && t.isPunct(t.nextSolid(i + 1), '+')
          && t.isPunct(t.nextSolid(t.nextSolid(i + 1) + 1), ')')) {
        outerJoinMark(t, i);
      } else if (t.isPunct(i, '#') && t.kind(i + 1) == Token.WORD) {
        t.replace(i, i, ""); // #temp names the table temp
      } else if (word.equals("at")
          && t.kind(next) == Token.WORD
          && !t.word(next).equals("time")
          && (t.kind(t.previousSolid(i - 1)) == Token.WORD
              || t.kind(t.previousSolid(i - 1)) == Token.QUOTED)) {
        t.replace(i, next, "(" + AT_MARKER + ", " + t.text(next) + ")");
      } else if (word.equals("unpivot")
          && !t.isPunct(next, '(')
          && !t.word(next).equals("include")
          && !t.word(next).equals("exclude")) {
        throw at(
            sql,
            t.get(i).start(),
            "UNPIVOT of a SUPER object (PartiQL) has no Spark translation: read the attributes"
                + " you need by name");
      } else if (word.equals("date") && isTableName(t, i, next)) {
        t.replace(i, i, "\"" + t.text(i) + "\""); // a table named date (TICKIT has one)
      } else if ((word.equals("date_add") || word.equals("date_diff")) && t.isPunct(next, '(')) {
        int argument = t.nextSolid(next + 1);
        if (isDatePart(t, argument)) {
          t.replace(i, i, word.replace("_", ""));
        }
      }
    }
    return t.edited();
  }

  /**
   * Whether the word DATE at {@code i} names a table: after FROM, JOIN or a comma, or before a dot.
   */
  private static boolean isTableName(SqlTokens t, int i, int next) {
    String before = t.word(t.previousSolid(i - 1));
    return t.kind(next) != Token.STRING
        && (before.equals("from") || before.equals("join") || t.isPunct(next, '.'));
  }

  /** Whether token {@code i} is a date part: a word or a quoted word such as 'day'. */
  private static boolean isDatePart(SqlTokens t, int i) {
    if (t.kind(i) == Token.STRING) {
      String text = t.text(i);
      return datePart(text.substring(1, Math.max(1, text.length() - 1))).isPresent();
    }
    return t.kind(i) == Token.WORD
        && datePart(t.text(i)).isPresent()
        && t.isPunct(t.nextSolid(i + 1), ',');
  }

  /** APPROXIMATE COUNT(DISTINCT x) -> APPROX_COUNT_DISTINCT(x); APPROXIMATE PERCENTILE_DISC. */
  private static void approximate(SqlTokens t, int i, int next) {
    if (t.word(next).equals("count")) {
      int open = t.nextSolid(next + 1);
      int distinct = t.nextSolid(open + 1);
      if (t.isPunct(open, '(') && t.word(distinct).equals("distinct")) {
        t.replace(i, next, "APPROX_COUNT_DISTINCT");
        t.replace(distinct, distinct, "");
      }
    } else if (t.word(next).equals("percentile_disc")) {
      t.replace(i, i, "");
    }
  }

  /**
   * {@code f(x) IGNORE NULLS} or {@code f(x IGNORE NULLS)}: f gets the marker suffix (Calcite reads
   * neither placement), the words go.
   */
  private static void nullTreatment(SqlTokens t, int i, int nulls, String word) {
    int before = t.previousSolid(i - 1);
    int after = t.nextSolid(nulls + 1);
    int close = t.isPunct(before, ')') ? before : t.isPunct(after, ')') ? after : -1;
    if (close < 0) {
      return;
    }
    int open = t.openingOf(close);
    int name = t.previousSolid(open - 1);
    if (open < 0 || t.kind(name) != Token.WORD) {
      return;
    }
    String suffix =
        word.equals("ignore") ? RedshiftCalls.IGNORE_NULLS : RedshiftCalls.RESPECT_NULLS;
    t.replace(name, name, t.text(name) + suffix);
    t.replace(i, nulls, "");
  }

  /** {@code a.b(+)} -> {@code SLUICE_OUTER(a.b)}. */
  private static void outerJoinMark(SqlTokens t, int open) {
    int plus = t.nextSolid(open + 1);
    int close = t.nextSolid(plus + 1);
    int first = t.previousSolid(open - 1);
    if (first < 0 || (t.kind(first) != Token.WORD && t.kind(first) != Token.QUOTED)) {
      return;
    }
    while (first >= 2
        && t.isPunct(first - 1, '.')
        && (t.kind(first - 2) == Token.WORD || t.kind(first - 2) == Token.QUOTED)) {
      first -= 2;
    }
    t.insertBefore(first, OUTER_MARKER + "(");
    t.replace(open, close, ")");
  }

  /** Quoted date parts unquoted, interval and date literals rewritten. */
  private static String literals(String sql) throws SqlTranslationException {
    SqlTokens t = new SqlTokens(sql);
    for (int i = 0; i < t.size(); i++) {
      String word = t.word(i);
      int next = t.nextSolid(i + 1);
      if (next < 0) {
        continue;
      }
      if (word.equals("interval") && t.kind(next) == Token.STRING) {
        int unit = t.nextSolid(next + 1);
        if (unit >= 0 && t.kind(unit) == Token.WORD && datePart(t.text(unit)).isPresent()) {
          continue; // INTERVAL '30' MINUTE: standard already
        }
        String literal = t.text(next);
        t.replace(i, next, RedshiftIntervals.literal(literal.substring(1, literal.length() - 1)));
      } else if ((word.equals("date") || word.equals("timestamp"))
          && t.kind(next) == Token.STRING) {
        String literal = t.text(next);
        RedshiftDateLiterals.iso(literal.substring(1, literal.length() - 1), word.equals("date"))
            .ifPresent(iso -> t.replace(next, next, "'" + iso + "'"));
      } else if (DATE_PART_FUNCTIONS.contains(word) && t.isPunct(next, '(')) {
        // DATEADD('day', ...) -> DATEADD(day, ...)
        int argument = t.nextSolid(next + 1);
        if (argument >= 0 && t.kind(argument) == Token.STRING) {
          String literal = t.text(argument);
          String part = literal.substring(1, Math.max(1, literal.length() - 1)).trim();
          if (!part.isEmpty() && part.chars().allMatch(Character::isLetter)) {
            t.replace(argument, argument, part);
          }
        }
      }
    }
    return t.edited();
  }

  /** An error at character {@code offset} of {@code sql}. */
  static SqlTranslationException at(String sql, int offset, String message) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < offset && i < sql.length(); i++) {
      if (sql.charAt(i) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return new SqlTranslationException(line, column, message);
  }
}
