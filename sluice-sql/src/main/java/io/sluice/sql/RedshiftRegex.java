package io.sluice.sql;

import static io.sluice.sql.SqlBuild.arity;
import static io.sluice.sql.SqlBuild.error;
import static io.sluice.sql.SqlBuild.fn;
import static io.sluice.sql.SqlBuild.integerValue;
import static io.sluice.sql.SqlBuild.number;
import static io.sluice.sql.SqlBuild.stringValue;
import static io.sluice.sql.SqlBuild.text;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/**
 * REGEXP_SUBSTR, REGEXP_COUNT and REGEXP_INSTR with Redshift's position, occurrence, option and
 * parameters ('c', 'i' case-insensitive, 'e' the first subexpression, 'p' PCRE, which Java's
 * regular expressions read the same way for what Redshift documents) over Spark's regexp_*.
 */
final class RedshiftRegex {
  private RedshiftRegex() {}

  static Optional<SqlNode> rewrite(SqlCall call, String name, List<SqlNode> args)
      throws SqlTranslationException {
    return Optional.ofNullable(
        switch (name) {
          case "REGEXP_SUBSTR" -> substr(call, args);
          case "REGEXP_COUNT" -> count(call, args);
          case "REGEXP_INSTR" -> instr(call, args);
          default -> null;
        });
  }

  /** REGEXP_SUBSTR(s, p [, position [, occurrence [, parameters]]]): '' when nothing matches. */
  private static SqlNode substr(SqlCall call, List<SqlNode> args) throws SqlTranslationException {
    arity(call, 2, 5);
    String parameters =
        args.size() > 4 ? SqlBuild.literal(args.get(4), "REGEXP_SUBSTR parameters") : "";
    SqlNode pattern = pattern(args.get(1), parameters);
    int group = parameters.contains("e") && hasGroup(args.get(1)) ? 1 : 0;
    SqlNode source = from(args.get(0), args.size() > 2 ? args.get(2) : null);
    SqlNode occurrence = args.size() > 3 ? args.get(3) : number(1);
    SqlNode found =
        fn("try_element_at", fn("regexp_extract_all", source, pattern, number(group)), occurrence);
    return emptyWhenNone(args.get(0), found);
  }

  /** REGEXP_COUNT(s, p [, position [, parameters]]). */
  private static SqlNode count(SqlCall call, List<SqlNode> args) throws SqlTranslationException {
    arity(call, 2, 4);
    String parameters =
        args.size() > 3 ? SqlBuild.literal(args.get(3), "REGEXP_COUNT parameters") : "";
    return fn(
        "regexp_count",
        from(args.get(0), args.size() > 2 ? args.get(2) : null),
        pattern(args.get(1), parameters));
  }

  /**
   * REGEXP_INSTR(s, p [, position [, occurrence [, option [, parameters]]]]): the 1-based position
   * of the match (option 0) or just after it (option 1) in s; 0 when there is none. The position of
   * the n-th match is the length of the text before it: the first n pieces that splitting on the
   * pattern leaves, and the n-1 matches between them.
   */
  private static SqlNode instr(SqlCall call, List<SqlNode> args) throws SqlTranslationException {
    arity(call, 2, 6);
    String parameters =
        args.size() > 5 ? SqlBuild.literal(args.get(5), "REGEXP_INSTR parameters") : "";
    SqlNode pattern = pattern(args.get(1), parameters);
    SqlNode position = args.size() > 2 ? args.get(2) : number(1);
    long occurrence = args.size() > 3 ? integer(args.get(3), "REGEXP_INSTR occurrence") : 1;
    long option = args.size() > 4 ? integer(args.get(4), "REGEXP_INSTR option") : 0;
    if (occurrence < 1 || (option != 0 && option != 1)) {
      throw error(call, "REGEXP_INSTR needs an occurrence of 1 or more and an option of 0 or 1");
    }
    SqlNode source = from(args.get(0), args.size() > 2 ? args.get(2) : null);
    SqlNode matches = fn("regexp_extract_all", source, pattern, number(0));
    SqlNode pieces = fn("split", source, pattern, number(occurrence + 1));
    SqlNode before =
        SqlBuild.plus(
            lengths(fn("slice", pieces, number(1), number(occurrence))),
            occurrence > 1
                ? lengths(fn("slice", matches, number(1), number(occurrence - 1)))
                : number(0));
    SqlNode at = SqlBuild.plus(before, number(1));
    if (option == 1) {
      at = SqlBuild.plus(at, fn("length", fn("element_at", matches, number(occurrence))));
    }
    SqlNode inSource =
        SqlBuild.plus(at, SqlBuild.minus(fn("greatest", position, number(1)), number(1)));
    return SqlBuild.when(
        SqlStdOperatorTable.LESS_THAN.createCall(
            SqlBuild.POS, fn("size", matches), number(occurrence)),
        number(0),
        inSource);
  }

  /** The sum of the lengths of an array's strings. */
  private static SqlNode lengths(SqlNode array) {
    return fn(
        "aggregate",
        array,
        number(0),
        SqlBuild.lambda("sluice_n", "sluice_s", (n, s) -> SqlBuild.plus(n, fn("length", s))));
  }

  /** s from {@code position} on (positions below 1 are 1). */
  private static SqlNode from(SqlNode source, SqlNode position) {
    if (position == null || integerValue(position).filter(p -> p <= 1).isPresent()) {
      return source;
    }
    return fn("substring", source, fn("greatest", position, number(1)));
  }

  /** The pattern with 'i' as Java's (?i) flag; 'c' and 'p' need nothing. */
  private static SqlNode pattern(SqlNode pattern, String parameters)
      throws SqlTranslationException {
    String flags = parameters.toLowerCase(Locale.ROOT);
    for (int i = 0; i < flags.length(); i++) {
      char c = flags.charAt(i);
      if ("ciep".indexOf(c) < 0) {
        throw error(pattern, "regular expression parameter '" + c + "' has no Spark translation");
      }
    }
    boolean insensitive = flags.lastIndexOf('i') > flags.lastIndexOf('c');
    if (!insensitive) {
      return pattern;
    }
    return stringValue(pattern)
        .<SqlNode>map(p -> text("(?i)" + p))
        .orElseGet(() -> fn("concat", text("(?i)"), pattern));
  }

  /** Whether a literal pattern has a capturing group (an unescaped '(' not followed by '?'). */
  private static boolean hasGroup(SqlNode pattern) {
    String p = stringValue(pattern).orElse("");
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '(' && (i + 1 >= p.length() || p.charAt(i + 1) != '?')) {
        return true;
      }
    }
    return false;
  }

  private static long integer(SqlNode node, String what) throws SqlTranslationException {
    return integerValue(node)
        .orElseThrow(() -> error(node, what + " must be an integer literal to be translated"));
  }

  /** NULL for a NULL source, '' when the source had no match, else the match. */
  private static SqlNode emptyWhenNone(SqlNode source, SqlNode found) {
    return SqlBuild.when(
        SqlStdOperatorTable.IS_NULL.createCall(SqlBuild.POS, source),
        SqlLiteral.createNull(SqlBuild.POS),
        fn("coalesce", found, text("")));
  }
}
