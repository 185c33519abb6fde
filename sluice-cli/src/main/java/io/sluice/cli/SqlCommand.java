package io.sluice.cli;

import io.sluice.engine.spark.SparkSessions;
import io.sluice.spec.PipelineSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice sql FILE "SELECT ..."}: query the pipeline's lake tables. */
@Command(
    name = "sql",
    description = "Query the pipeline's lake tables with Spark SQL.",
    subcommands = SqlTranslateCommand.class)
final class SqlCommand implements Callable<Integer> {
  /** Output formats. */
  enum Format {
    TABLE,
    CSV,
    JSON
  }

  @Mixin PipelineOptions options;

  @Parameters(
      index = "1",
      paramLabel = "QUERY",
      description = "The SQL, such as \"SELECT * FROM gold.x\".")
  String query;

  @Option(
      names = {"-f", "--format"},
      description = "table, csv or json (default: ${DEFAULT-VALUE}).")
  Format format = Format.TABLE;

  @Option(names = "--limit", description = "At most this many rows (default: ${DEFAULT-VALUE}).")
  int limit = 1000;

  @Override
  public Integer call() {
    PipelineSpec spec = options.load();
    SparkSession spark = SparkSessions.create("sluice-sql", spec.settings());
    try {
      Dataset<Row> result = spark.sql(query).limit(limit);
      String[] columns = result.columns();
      List<Row> rows = result.collectAsList();
      switch (format) {
        case TABLE -> printTable(columns, rows);
        case CSV -> printCsv(columns, rows);
        case JSON -> result.toJSON().collectAsList().forEach(System.out::println);
      }
    } finally {
      spark.stop();
    }
    return Main.OK;
  }

  private static void printCsv(String[] columns, List<Row> rows) {
    System.out.println(
        String.join(",", java.util.Arrays.stream(columns).map(SqlCommand::csv).toList()));
    for (Row row : rows) {
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < columns.length; i++) {
        cells.add(row.isNullAt(i) ? "" : csv(cell(row.get(i))));
      }
      System.out.println(String.join(",", cells));
    }
  }

  static String cell(Object value) {
    return io.sluice.engine.spark.Cells.text(value);
  }

  private static String csv(String value) {
    if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
      return "\"" + value.replace("\"", "\"\"") + "\"";
    }
    return value;
  }

  private static void printTable(String[] columns, List<Row> rows) {
    int[] widths = new int[columns.length];
    List<String[]> cells = new ArrayList<>();
    for (int i = 0; i < columns.length; i++) {
      widths[i] = columns[i].length();
    }
    for (Row row : rows) {
      String[] line = new String[columns.length];
      for (int i = 0; i < columns.length; i++) {
        line[i] = row.isNullAt(i) ? "NULL" : cell(row.get(i));
        if (line[i].length() > 60) {
          line[i] = line[i].substring(0, 57) + "...";
        }
        widths[i] = Math.max(widths[i], line[i].length());
      }
      cells.add(line);
    }
    printRow(columns, widths);
    StringBuilder rule = new StringBuilder();
    for (int width : widths) {
      rule.append("-".repeat(width)).append("-+-");
    }
    System.out.println(rule.substring(0, Math.max(0, rule.length() - 3)));
    cells.forEach(line -> printRow(line, widths));
    System.out.printf(Locale.ROOT, "(%d rows)%n", rows.size());
  }

  private static void printRow(String[] values, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      line.append(String.format(Locale.ROOT, "%-" + widths[i] + "s", values[i]));
      if (i < values.length - 1) {
        line.append(" | ");
      }
    }
    System.out.println(line.toString().stripTrailing());
  }
}
