package io.sluice.cli;

import io.sluice.core.SqlAnalyzer;
import io.sluice.engine.spark.SparkSqlAnalyzer;
import io.sluice.spi.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice sql translate --dialect redshift "QUERY"}: print the Spark SQL for a query. */
@Command(
    name = "translate",
    mixinStandardHelpOptions = true,
    description =
        "Print the Spark SQL that Sluice runs for a query written in another dialect (redshift).")
final class SqlTranslateCommand implements Callable<Integer> {
  @Option(
      names = "--dialect",
      description = "The dialect the query is written in (default: ${DEFAULT-VALUE}).")
  String dialect = "redshift";

  @Parameters(
      index = "0",
      paramLabel = "QUERY",
      description = "The query; '-' reads it from standard input, '@FILE' from a file.")
  String query;

  @Override
  public Integer call() {
    String sql = text(query);
    try {
      System.out.println(new SparkSqlAnalyzer().toSpark(dialect, sql));
      return Main.OK;
    } catch (SqlAnalyzer.SqlSyntaxError e) {
      System.err.println(
          "query:"
              + e.line()
              + ":"
              + e.column()
              + ": error["
              + ErrorCode.UNSUPPORTED_SQL.code()
              + "]: Cannot translate the "
              + dialect
              + " SQL: "
              + e.getMessage());
      List<String> lines = sql.lines().toList();
      if (e.line() <= lines.size()) {
        System.err.println("  " + lines.get(e.line() - 1));
        System.err.println("  " + " ".repeat(Math.max(0, e.column() - 1)) + "^");
      }
      return Main.USAGE;
    }
  }

  private static String text(String query) {
    try {
      if (query.equals("-")) {
        return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (query.startsWith("@")) {
        return Files.readString(Path.of(query.substring(1)));
      }
      return query;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the query from " + query, e);
    }
  }
}
