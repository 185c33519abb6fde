package io.sluice.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An analyzer for tests of modules without Spark: it reads "FROM x" and "JOIN x" names and calls
 * "SELEC " a syntax error. The real one is the engine's, over Spark's parser. Shared through
 * sluice-core's test jar.
 */
public final class RegexSqlAnalyzer implements SqlAnalyzer {
  private static final Pattern TABLE = Pattern.compile("(?i)(?:FROM|JOIN)\\s+([a-z_.]+)");

  @Override
  public List<TableReference> references(String sql) throws SqlSyntaxError {
    if (sql.contains("SELEC ")) {
      throw new SqlSyntaxError(1, 1, "Syntax error at or near 'SELEC'");
    }
    List<TableReference> tables = new ArrayList<>();
    Matcher matcher = TABLE.matcher(sql);
    while (matcher.find()) {
      tables.add(
          new TableReference(List.of(matcher.group(1).split("\\.")), 1, matcher.start(1) + 1));
    }
    return tables;
  }

  @Override
  public Optional<SqlSyntaxError> checkExpression(String expression) {
    return Optional.empty();
  }
}
