package io.sluice.sql;

import io.sluice.sql.SqlTokens.Token;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Redshift's {@code operand::type} casts written as {@code CAST(operand AS type)}, leftmost first:
 * Calcite's Babel parser applies {@code ::} to everything on its left, Redshift to the operand just
 * before it.
 */
final class RedshiftCastSyntax {
  private RedshiftCastSyntax() {}

  private static final Set<String> NOT_A_FUNCTION =
      Set.of(
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

  static String casts(String sql) {
    String current = sql;
    for (int guard = 0; guard < 10_000; guard++) {
      SqlTokens t = new SqlTokens(current);
      int at = -1;
      for (int i = 0; i < t.size(); i++) {
        if (t.kind(i) == Token.CAST) {
          at = i;
          break;
        }
      }
      if (at < 0) {
        return current;
      }
      int first = operandStart(t, at);
      int last = typeEnd(t, at);
      if (first < 0 || last < 0) {
        return current; // leave it to the parser, which reports the position
      }
      int from = t.get(first).start();
      int typeFrom = t.get(t.nextSolid(at + 1)).start();
      int to = t.get(last).end();
      current =
          current.substring(0, from)
              + "CAST("
              + current.substring(from, t.get(at).start()).stripTrailing()
              + " AS "
              + current.substring(typeFrom, to)
              + ")"
              + current.substring(to);
    }
    return current;
  }

  /** The first token of the operand that ends just before token {@code cast}; -1 if none. */
  private static int operandStart(SqlTokens t, int cast) {
    int i = t.previousSolid(cast - 1);
    if (i < 0) {
      return -1;
    }
    if (t.isPunct(i, ')')) {
      int open = t.openingOf(i);
      if (open < 0) {
        return -1;
      }
      int name = t.previousSolid(open - 1);
      if (name >= 0 && t.kind(name) == Token.WORD && !NOT_A_FUNCTION.contains(t.word(name))) {
        return qualified(t, name);
      }
      return open;
    }
    char kind = t.kind(i);
    if (kind == Token.WORD || kind == Token.QUOTED) {
      return qualified(t, i);
    }
    if (kind == Token.STRING || kind == Token.NUMBER) {
      return i;
    }
    return -1;
  }

  /** Extends a name back over {@code a.b.} qualifiers. */
  private static int qualified(SqlTokens t, int i) {
    while (i >= 2
        && t.isPunct(i - 1, '.')
        && (t.kind(i - 2) == Token.WORD || t.kind(i - 2) == Token.QUOTED)) {
      i -= 2;
    }
    return i;
  }

  /** The last token of the type after token {@code cast}: words and an optional (p, s). */
  private static int typeEnd(SqlTokens t, int cast) {
    int i = t.nextSolid(cast + 1);
    if (i < 0 || t.kind(i) != Token.WORD) {
      return -1;
    }
    int last = i;
    List<String> follow =
        switch (t.word(i)) {
          case "double" -> List.of("precision");
          case "character" -> List.of("varying");
          case "timestamp", "time" -> List.of("with", "without", "time", "zone");
          default -> List.of();
        };
    int next = t.nextSolid(last + 1);
    while (next >= 0
        && t.kind(next) == Token.WORD
        && follow.contains(t.text(next).toLowerCase(Locale.ROOT))) {
      last = next;
      next = t.nextSolid(last + 1);
    }
    if (next >= 0 && t.isPunct(next, '(')) {
      int close = t.closingOf(next);
      if (close >= 0) {
        last = close;
      }
    }
    return last;
  }
}
