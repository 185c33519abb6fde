package io.sluice.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.SqlAnalyzer;
import io.sluice.services.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Redshift reference corpus (src/test/resources/redshift-reference-corpus.txt, built from AWS's
 * Redshift SQL reference with its documented results): every query is translated and run on Spark
 * over the pages' sample tables. A translation is correct when Spark returns the documented rows; a
 * refusal names its construct; anything else (rows that differ, SQL that fails on Spark) is a wrong
 * answer, and there must be none. Where PostgreSQL has the same functions, it answers the query (or
 * the page's equivalent) too and must give the same rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedshiftReferenceCorpusIT {
  private SparkSession spark;
  private EmbeddedPostgres postgres;
  private Connection connection;
  private Map<String, Table> tables;
  private List<Case> cases;

  record Table(String name, List<String[]> columns, List<List<String>> rows) {}

  record Case(
      String name,
      String source,
      Map<String, String> tables,
      boolean anyOrder,
      Integer round,
      String postgresSql,
      String sql,
      List<List<String>> expected) {}

  @BeforeAll
  void start() throws Exception {
    spark = SharedSpark.session();
    load();
    for (Table table : tables.values()) {
      spark.sql(sparkView(table.name(), table)).collect();
    }
    postgres = EmbeddedPostgres.start(Files.createTempDirectory("redshift-reference-pg"), 0);
    connection = DriverManager.getConnection(postgres.jdbcUrl("postgres"));
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET TIME ZONE 'UTC'");
      for (Table table : tables.values()) {
        if (table.columns().stream().allMatch(c -> postgresType(c[1]) != null)) {
          statement.execute(postgresTable(table));
        }
      }
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (connection != null) {
      connection.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void theCorpusIsTranslatedAndAnsweredAsDocumented() throws Exception {
    List<String> correct = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    List<String> wrong = new ArrayList<>();
    SqlAnalyzer analyzer = new SparkSqlAnalyzer();
    for (Case c : cases) {
      String label = c.name() + " (" + c.source() + ")";
      String translated;
      try {
        translated = analyzer.toSpark("redshift", c.sql());
      } catch (SqlAnalyzer.SqlSyntaxError e) {
        refused.add(label + ": " + e.getMessage());
        continue;
      }
      try {
        views(c);
        List<List<String>> rows = CorpusCells.rows(spark.sql(translated));
        if (matches(c, rows)) {
          correct.add(label);
        } else {
          wrong.add(label + ": rows " + rows + " instead of " + c.expected() + "\n  " + translated);
        }
      } catch (Exception e) { // Spark's AnalysisException and runtime errors alike
        wrong.add(
            label
                + ": Spark failed: "
                + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
                + "\n  "
                + translated);
      } finally {
        restore(c);
      }
    }
    String report =
        String.format(
                Locale.ROOT,
                "Redshift reference corpus: %d queries, %d translated and correct (%.1f%%), %d"
                    + " refused, %d wrong%n",
                cases.size(),
                correct.size(),
                100.0 * correct.size() / cases.size(),
                refused.size(),
                wrong.size())
            + "Refused:\n  "
            + String.join("\n  ", refused)
            + "\nWrong:\n  "
            + String.join("\n  ", wrong)
            + "\n";
    System.out.print(report);
    Files.writeString(Path.of("target", "redshift-reference-corpus-report.txt"), report);
    assertThat(wrong).as(report).isEmpty();
    assertThat(refused).allSatisfy(r -> assertThat(r).containsPattern(": .{12,}"));
    assertThat(correct.size() * 10).as(report).isGreaterThanOrEqualTo(cases.size() * 9);
    assertThat(cases).hasSizeGreaterThanOrEqualTo(120);
  }

  @Test
  void postgresGivesTheDocumentedRowsWhereItHasTheFunctions() throws Exception {
    int compared = 0;
    for (Case c : cases) {
      if (c.postgresSql() == null) {
        continue;
      }
      List<List<String>> rows = new ArrayList<>();
      try (Statement statement = connection.createStatement()) {
        for (Map.Entry<String, String> view : c.tables().entrySet()) {
          statement.execute(
              "CREATE OR REPLACE TEMP VIEW "
                  + view.getKey()
                  + " AS SELECT * FROM "
                  + view.getValue());
        }
        try (ResultSet result = statement.executeQuery(c.postgresSql())) {
          int columns = result.getMetaData().getColumnCount();
          while (result.next()) {
            List<String> cells = new ArrayList<>();
            for (int i = 1; i <= columns; i++) {
              cells.add(CorpusCells.normal(postgresText(result.getString(i))));
            }
            rows.add(cells);
          }
        }
        for (String view : c.tables().keySet()) {
          statement.execute("DROP VIEW " + view);
        }
      }
      assertThat(matches(c, rows)).as(c.name() + ": PostgreSQL gave " + rows).isTrue();
      compared++;
    }
    assertThat(compared).isGreaterThanOrEqualTo(25);
  }

  private static boolean matches(Case c, List<List<String>> rows) {
    List<List<String>> actual = rows;
    List<List<String>> expected = c.expected();
    if (c.round() != null) {
      actual = CorpusCells.rounded(actual, c.round());
      expected = CorpusCells.rounded(expected, c.round());
    }
    if (c.anyOrder()) {
      actual = CorpusCells.sorted(actual);
      expected = CorpusCells.sorted(expected);
    }
    return actual.equals(expected);
  }

  /** PostgreSQL's booleans and timestamps as the pages print them. */
  private static String postgresText(String value) {
    if (value == null) {
      return null;
    }
    return switch (value) {
      case "t" -> "true";
      case "f" -> "false";
      default -> value.replaceAll("^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d)(\\.0+)?$", "$1");
    };
  }

  /** The case's own table mapping as temporary views (every table has its view already). */
  private void views(Case c) {
    for (Map.Entry<String, String> view : c.tables().entrySet()) {
      spark.sql(sparkView(view.getKey(), tables.get(view.getValue()))).collect();
    }
  }

  /** Puts back the views a case's mapping replaced. */
  private void restore(Case c) {
    for (String name : c.tables().keySet()) {
      Table own = tables.get(name);
      if (own != null) {
        spark.sql(sparkView(name, own)).collect();
      }
    }
  }

  private static String sparkView(String name, Table table) {
    StringBuilder select = new StringBuilder();
    List<String> aliases = new ArrayList<>();
    for (int i = 0; i < table.columns().size(); i++) {
      String[] column = table.columns().get(i);
      aliases.add("v" + i);
      select.append(i == 0 ? "" : ", ");
      select.append(
          column[1].matches("(array|struct|map)<.*")
              ? "from_json(v" + i + ", '" + column[1] + "')"
              : "CAST(v" + i + " AS " + column[1] + ")");
      select.append(" AS ").append(column[0]);
    }
    List<String> values = new ArrayList<>();
    for (List<String> row : table.rows()) {
      List<String> cells = new ArrayList<>();
      for (String cell : row) {
        cells.add(
            cell.equals("NULL")
                ? "CAST(NULL AS STRING)"
                : "'" + cell.replace("\\", "\\\\").replace("'", "\\'") + "'");
      }
      values.add("(" + String.join(", ", cells) + ")");
    }
    return "CREATE OR REPLACE TEMP VIEW "
        + name
        + " AS SELECT "
        + select
        + " FROM VALUES "
        + String.join(", ", values)
        + " AS t("
        + String.join(", ", aliases)
        + ")";
  }

  private static String postgresType(String spark) {
    if (spark.startsWith("decimal")) {
      return spark.replace("decimal", "numeric");
    }
    return switch (spark) {
      case "int" -> "int";
      case "bigint" -> "bigint";
      case "double" -> "double precision";
      case "date" -> "date";
      case "timestamp" -> "timestamp";
      case "string" -> "varchar";
      default -> null;
    };
  }

  private static String postgresTable(Table table) {
    List<String> columns = new ArrayList<>();
    for (String[] column : table.columns()) {
      columns.add(column[0] + " " + postgresType(column[1]));
    }
    List<String> rows = new ArrayList<>();
    for (List<String> row : table.rows()) {
      List<String> cells = new ArrayList<>();
      for (String cell : row) {
        cells.add(cell.equals("NULL") ? "NULL" : "'" + cell.replace("'", "''") + "'");
      }
      rows.add("(" + String.join(", ", cells) + ")");
    }
    return "CREATE TABLE "
        + table.name()
        + " ("
        + String.join(", ", columns)
        + "); INSERT INTO "
        + table.name()
        + " VALUES "
        + String.join(", ", rows);
  }

  private void load() throws IOException {
    String text;
    try (InputStream in =
        RedshiftReferenceCorpusIT.class.getResourceAsStream("/redshift-reference-corpus.txt")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    tables = new LinkedHashMap<>();
    cases = new ArrayList<>();
    String[] blocks = text.split("(?m)^==== ");
    for (int b = 1; b < blocks.length; b++) {
      String block = blocks[b];
      if (block.startsWith("table: ")) {
        table(block);
      } else {
        cases.add(caseOf(block));
      }
    }
  }

  private void table(String block) {
    List<String> lines = block.strip().lines().toList();
    String name = lines.get(0).substring("table: ".length()).strip();
    List<String[]> columns = new ArrayList<>();
    for (String column : splitTopLevel(lines.get(1).substring("columns: ".length()))) {
      String[] parts = column.strip().split("\\s+", 2);
      columns.add(new String[] {parts[0], parts[1].strip()});
    }
    List<List<String>> rows = new ArrayList<>();
    for (String line : lines.subList(2, lines.size())) {
      rows.add(List.of(line.split(" \\| ", -1)));
    }
    tables.put(name, new Table(name, columns, rows));
  }

  /**
   * Splits at commas outside angle brackets and parentheses (struct<a:int,b:int>, decimal(12,2)).
   */
  private static List<String> splitTopLevel(String text) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '<' || c == '(') {
        depth++;
      } else if (c == '>' || c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(text.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(text.substring(start));
    return parts;
  }

  private static Case caseOf(String block) {
    String name = null;
    String source = null;
    Map<String, String> tables = new LinkedHashMap<>();
    boolean anyOrder = false;
    Integer round = null;
    String postgres = null;
    boolean samePostgres = false;
    StringBuilder sql = new StringBuilder();
    List<List<String>> expected = new ArrayList<>();
    String section = "";
    for (String line : block.lines().skip(1).toList()) {
      if (section.equals("sql") && !line.equals("expect:")) {
        sql.append('\n').append(line);
      } else if (section.equals("expect")) {
        if (!line.isBlank()) {
          List<String> cells = new ArrayList<>();
          for (String cell : line.split(" \\| ", -1)) {
            cells.add(CorpusCells.normal(cell));
          }
          expected.add(cells);
        }
      } else if (line.startsWith("name: ")) {
        name = line.substring(6).strip();
      } else if (line.startsWith("source: ")) {
        source = line.substring(8).strip();
      } else if (line.startsWith("tables: ")) {
        for (String mapping : line.substring(8).split(",")) {
          String[] parts = mapping.strip().split("=");
          tables.put(parts[0].strip(), parts[1].strip());
        }
      } else if (line.equals("order: any")) {
        anyOrder = true;
      } else if (line.startsWith("round: ")) {
        round = Integer.parseInt(line.substring(7).strip());
      } else if (line.equals("postgres: yes")) {
        samePostgres = true;
      } else if (line.startsWith("postgres-sql: ")) {
        postgres = line.substring(14).strip();
      } else if (line.startsWith("sql: ")) {
        section = "sql";
        sql.append(line.substring(5));
      } else if (line.equals("expect:")) {
        section = "expect";
      }
    }
    String query = sql.toString().strip().replaceAll(";\\s*$", "");
    return new Case(
        name, source, tables, anyOrder, round, samePostgres ? query : postgres, query, expected);
  }
}
