package io.sluice.core;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Parses SQL without running it, so that validation and planning need no engine. The engine module
 * provides the implementation that uses its own parser.
 */
public interface SqlAnalyzer {
  /** The tables a query reads, each as its name parts (CTE names excluded). */
  default Set<List<String>> referencedTables(String sql) throws SqlSyntaxError {
    Set<List<String>> names = new java.util.LinkedHashSet<>();
    for (TableReference reference : references(sql)) {
      names.add(reference.name());
    }
    return names;
  }

  /** Every table reference of a query with its 1-based line and column in the SQL text. */
  List<TableReference> references(String sql) throws SqlSyntaxError;

  /** A table named in SQL and where. */
  record TableReference(List<String> name, int line, int column) {
    public TableReference {
      name = List.copyOf(name);
    }
  }

  /**
   * Translates a query written in {@code dialect} (such as {@code redshift}) into Spark SQL. An
   * error points into {@code sql}: a parse error, or a construct that has no Spark translation.
   */
  default String toSpark(String dialect, String sql) throws SqlSyntaxError {
    throw new SqlSyntaxError(1, 1, "no translator for SQL dialect '" + dialect + "' is installed");
  }

  /** Checks that {@code expression} parses as a boolean SQL expression; empty when it does. */
  Optional<SqlSyntaxError> checkExpression(String expression);

  /** A parse error: 1-based line and column inside the SQL text, and the parser's message. */
  final class SqlSyntaxError extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;
    private final int column;

    public SqlSyntaxError(int line, int column, String message) {
      super(message);
      this.line = line;
      this.column = column;
    }

    public int line() {
      return line;
    }

    public int column() {
      return column;
    }
  }
}
