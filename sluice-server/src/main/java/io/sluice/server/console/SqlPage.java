package io.sluice.server.console;

import io.sluice.core.browse.QueryResult;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.util.List;

/**
 * A read-only query box over the lake: results as a table and as a CSV download. The lake refuses
 * anything but a query (the engine parses it and checks every node of the plan), so hiding buttons
 * is not the only guard.
 */
final class SqlPage {
  static final int MAX_SQL_CHARS = 20_000;

  private final Console console;

  SqlPage(Console console) {
    this.console = console;
  }

  /** The page with {@code sql} in the box and its result or its error (both may be null). */
  String render(String sql, QueryResult result, SluiceException error) {
    Html body = new Html();
    body.open("form", "method", "post", "action", "/sql", "class", "sql")
        .open(
            "textarea",
            "name",
            "q",
            "spellcheck",
            "false",
            "placeholder",
            "SELECT * FROM gold.some_table")
        .text(sql == null ? "" : sql)
        .close("textarea")
        .raw("<p><button type=\"submit\" id=\"run-sql\">Run</button> ")
        .raw(
            "<button type=\"submit\" formaction=\"/sql.csv\" id=\"download-csv\">Download CSV</button></p>")
        .close("form");
    body.el(
        "p",
        "Read-only: queries over the lake's tables, at most "
            + console.settings().rowLimit()
            + " rows, cancelled after "
            + console.settings().queryTimeout().toSeconds()
            + " s.",
        "class",
        "muted");
    if (error != null) {
      body.el(
          "p",
          "error[" + error.code().code() + "]: " + error.getMessage(),
          "class",
          "error sql-error");
    } else if (result != null) {
      LakePages.result(body, result);
    }
    return Layout.page("SQL", "sql", body.toString());
  }

  QueryResult query(String sql) {
    if (sql.length() > MAX_SQL_CHARS) {
      throw new SluiceException(
          ErrorCode.INVALID_VALUE,
          "The query is " + sql.length() + " characters long; the limit is " + MAX_SQL_CHARS);
    }
    return console.lake().query(sql, console.settings().rowLimit());
  }

  /** The result as CSV (RFC 4180 quoting, NULL as an empty field). */
  static String csv(QueryResult result) {
    StringBuilder out = new StringBuilder();
    line(out, result.columns());
    result.rows().forEach(row -> line(out, row));
    return out.toString();
  }

  private static void line(StringBuilder out, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      if (i > 0) {
        out.append(',');
      }
      if (cell == null) {
        continue;
      }
      String safe = cell;
      if (!safe.isEmpty() && "=+-@".indexOf(safe.charAt(0)) >= 0 && !safe.matches("-?[0-9.,E]+")) {
        safe = "'" + safe; // a spreadsheet would run it as a formula
      }
      if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
        out.append('"').append(safe.replace("\"", "\"\"")).append('"');
      } else {
        out.append(safe);
      }
    }
    out.append("\r\n");
  }
}
