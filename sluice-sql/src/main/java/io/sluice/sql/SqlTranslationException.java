package io.sluice.sql;

/**
 * A query that cannot be translated: it does not parse, or it uses a construct with no Spark
 * translation. Line and column are 1-based and point into the query as written.
 */
public final class SqlTranslationException extends Exception {
  private static final long serialVersionUID = 1L;
  private final int line;
  private final int column;

  public SqlTranslationException(int line, int column, String message) {
    super(message);
    this.line = Math.max(1, line);
    this.column = Math.max(1, column);
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }
}
