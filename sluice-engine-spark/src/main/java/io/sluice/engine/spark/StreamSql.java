package io.sluice.engine.spark;

import io.sluice.core.SqlAnalyzer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Rewrites the query of a dataset computed from a stream so that it reads one micro-batch: every
 * reference to the streaming dataset becomes a reference to the view holding the batch's rows;
 * references to other tables stay (they are read as they are when the batch runs).
 */
final class StreamSql {
  private StreamSql() {}

  /**
   * {@code sql} with each reference to the table {@code upstream} (such as {@code bronze.reviews},
   * written with or without the catalog, quoted or not) replaced by {@code view}.
   */
  static String readingBatch(String sql, String upstream, String view) {
    List<SqlAnalyzer.TableReference> references;
    try {
      references = new SparkSqlAnalyzer().references(sql);
    } catch (SqlAnalyzer.SqlSyntaxError e) {
      throw new IllegalArgumentException("Cannot parse the query reading " + upstream, e);
    }
    List<int[]> spans = new ArrayList<>();
    String wanted = upstream.toLowerCase(Locale.ROOT);
    for (SqlAnalyzer.TableReference reference : references) {
      String name = String.join(".", reference.name()).toLowerCase(Locale.ROOT);
      if (name.equals(wanted) || name.endsWith("." + wanted)) {
        int start = offset(sql, reference.line(), reference.column());
        spans.add(new int[] {start, identifierEnd(sql, start)});
      }
    }
    if (spans.isEmpty()) {
      throw new IllegalArgumentException("The query does not read " + upstream);
    }
    spans.sort(Comparator.comparingInt((int[] span) -> span[0]).reversed());
    StringBuilder rewritten = new StringBuilder(sql);
    for (int[] span : spans) {
      rewritten.replace(span[0], span[1], view);
    }
    return rewritten.toString();
  }

  /** The character offset of a 1-based line and column. */
  private static int offset(String sql, int line, int column) {
    int at = 0;
    for (int l = 1; l < line; l++) {
      at = sql.indexOf('\n', at) + 1;
    }
    return at + column - 1;
  }

  /** The end of the dotted identifier that starts at {@code start} (parts quoted or not). */
  static int identifierEnd(String sql, int start) {
    int at = start;
    while (true) {
      at = partEnd(sql, at);
      int next = skipSpaces(sql, at);
      if (next < sql.length() && sql.charAt(next) == '.') {
        at = skipSpaces(sql, next + 1);
      } else {
        return at;
      }
    }
  }

  private static int partEnd(String sql, int start) {
    if (start < sql.length() && sql.charAt(start) == '`') {
      int at = start + 1;
      while (at < sql.length()) {
        if (sql.charAt(at) == '`') {
          if (at + 1 < sql.length() && sql.charAt(at + 1) == '`') {
            at += 2; // an escaped backquote
            continue;
          }
          return at + 1;
        }
        at++;
      }
      return at;
    }
    int at = start;
    while (at < sql.length()
        && (Character.isLetterOrDigit(sql.charAt(at)) || sql.charAt(at) == '_')) {
      at++;
    }
    return at;
  }

  private static int skipSpaces(String sql, int at) {
    int i = at;
    while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
      i++;
    }
    return i;
  }
}
