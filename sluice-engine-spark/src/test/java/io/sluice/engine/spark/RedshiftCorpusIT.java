package io.sluice.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.services.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Redshift corpus (src/test/resources/redshift-corpus.txt): every query is translated, run on
 * Spark and compared with the expected rows; queries that PostgreSQL can run unchanged are also run
 * on the embedded PostgreSQL server and its answer compared with the same rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedshiftCorpusIT {
  private static final String EVENTS =
      "(1, 'u1', 'Alice', 10.50, TIMESTAMP '2024-12-29 23:30:00', 'a'),"
          + " (2, 'u1', 'alice', 20.00, TIMESTAMP '2024-12-30 00:10:00', NULL),"
          + " (3, 'u2', 'Bob', 5.25, TIMESTAMP '2025-01-01 15:00:00', 'b'),"
          + " (4, 'u2', 'bob', NULL, TIMESTAMP '2025-01-05 12:00:00', 'b'),"
          + " (5, 'u3', 'Carol', 7.00, TIMESTAMP '2025-03-09 01:59:59', 'c'),"
          + " (6, 'u3', 'Dave', 3.00, TIMESTAMP '2025-03-09 02:45:00', NULL),"
          + " (7, 'u1', 'Eve', 1.00, TIMESTAMP '2025-03-10 10:00:00', 'a'),"
          + " (8, 'u2', 'Frank', 2.50, TIMESTAMP '2025-03-10 10:20:00', 'a')";

  private EmbeddedPostgres postgres;
  private Connection connection;
  private SparkSession spark;

  record Case(String name, boolean postgres, String sql, List<List<String>> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeAll
  void start() throws Exception {
    spark = SharedSpark.session();
    spark
        .sql(
            "SELECT id, user_id, name, CAST(amount AS DECIMAL(10,2)) AS amount, ts, category"
                + " FROM VALUES "
                + EVENTS
                + " AS t(id, user_id, name, amount, ts, category)")
        .createOrReplaceTempView("events");
    postgres = EmbeddedPostgres.start(Files.createTempDirectory("redshift-corpus-pg"), 0);
    connection = DriverManager.getConnection(postgres.jdbcUrl("postgres"));
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET TIME ZONE 'UTC'");
      statement.execute(
          "CREATE TABLE events (id int, user_id varchar(10), name varchar(20),"
              + " amount numeric(10,2), ts timestamp, category varchar(5))");
      statement.execute("INSERT INTO events VALUES " + EVENTS);
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

  Stream<Case> corpus() throws IOException {
    return load().stream();
  }

  @Test
  void theCorpusCoversAtLeastFortyQueriesAndTheNamedFunctions() throws IOException {
    List<Case> cases = load();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(40);
    String all =
        String.join("\n", cases.stream().map(Case::sql).toList())
            .toUpperCase(java.util.Locale.ROOT);
    for (String construct :
        List.of(
            "CONVERT_TIMEZONE",
            "DATEADD",
            "DATEDIFF",
            "GETDATE",
            "SYSDATE",
            "NVL(",
            "NVL2",
            "DECODE",
            "TO_CHAR",
            "TO_DATE",
            "IYYY-IW",
            "DATE_TRUNC",
            "LISTAGG",
            "WITHIN GROUP",
            "::",
            "ILIKE",
            "OVER (")) {
      assertThat(all).as(construct).contains(construct);
    }
    assertThat(cases.stream().filter(Case::postgres).count()).isGreaterThanOrEqualTo(15);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void translatedQueryGivesTheExpectedRowsOnSpark(Case c) throws Exception {
    String translated = new SparkSqlAnalyzer().toSpark("redshift", c.sql());
    List<List<String>> rows = CorpusCells.rows(spark.sql(translated));
    assertThat(rows).as("Spark SQL:\n" + translated).isEqualTo(c.expected());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void postgresGivesTheSameRowsWhereItHasTheFunction(Case c) throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(c.postgres(), "PostgreSQL lacks a function");
    List<List<String>> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(c.sql())) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<String> cells = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          cells.add(normal(result.getString(i)));
        }
        rows.add(cells);
      }
    }
    assertThat(rows).isEqualTo(c.expected());
  }

  private static String normal(String value) {
    return CorpusCells.normal(value);
  }

  private static List<Case> load() throws IOException {
    String text;
    try (InputStream in = RedshiftCorpusIT.class.getResourceAsStream("/redshift-corpus.txt")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<Case> cases = new ArrayList<>();
    String[] blocks = text.split("(?m)^====\\s*$");
    for (int b = 1; b < blocks.length; b++) {
      String name = null;
      boolean postgres = false;
      StringBuilder sql = new StringBuilder();
      List<List<String>> expected = new ArrayList<>();
      String section = "";
      for (String line : blocks[b].strip().split("\n")) {
        if (line.startsWith("name: ")) {
          name = line.substring(6).trim();
        } else if (line.startsWith("postgres: ")) {
          postgres = line.substring(10).trim().equals("yes");
        } else if (line.startsWith("sql:")) {
          section = "sql";
          sql.append(line.substring(4).trim());
        } else if (line.equals("expect:")) {
          section = "expect";
        } else if (section.equals("sql")) {
          sql.append('\n').append(line);
        } else if (section.equals("expect")) {
          List<String> cells = new ArrayList<>();
          for (String cell : line.split(" \\| ", -1)) {
            cells.add(cell.strip());
          }
          expected.add(cells);
        }
      }
      cases.add(new Case(name, postgres, sql.toString().strip(), expected));
    }
    return cases;
  }
}
