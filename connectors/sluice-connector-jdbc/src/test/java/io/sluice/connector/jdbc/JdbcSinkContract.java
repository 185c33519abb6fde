package io.sluice.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.SluiceException;
import io.sluice.spi.WriteMode;
import io.sluice.spi.spark.SinkContext;
import io.sluice.spi.spark.SinkResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the jdbc sink promises on every database it supports, run against a real server of each
 * dialect by a subclass: atomic overwrites (a failed load leaves the target as it was and no
 * staging table behind), idempotent upserts on keys, appends, and a refusal to merge without keys.
 * Each subclass adds what is particular to its dialect (its column types, its DDL).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcSinkContract {
  @TempDir static Path work;
  SparkSession spark;
  String url;

  /** Starts the database (or takes a fresh one on a shared server); its JDBC URL. */
  abstract String startDatabase(Path work) throws Exception;

  /** Stops what {@link #startDatabase} started, if anything. */
  abstract void stopDatabase() throws Exception;

  /** A query that counts the sink's leftover staging tables in the target schema. */
  abstract String countStagingTables();

  @BeforeAll
  void start() throws Exception {
    url = startDatabase(work);
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName(getClass().getSimpleName())
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.sql.session.timeZone", "UTC")
            .getOrCreate();
  }

  @AfterAll
  void stop() throws Exception {
    spark.stop();
    stopDatabase();
  }

  SinkResult write(
      Dataset<Row> data, String table, WriteMode mode, List<String> keys, Map<String, ?> extra) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("url", url);
    values.put("table", table);
    values.put("batch_size", 100);
    values.putAll(extra);
    return new JdbcSink(new ResolvedOptions(values))
        .write(data, new SinkContext("warehouse", "run-1", mode, keys));
  }

  SinkResult write(Dataset<Row> data, String table, WriteMode mode, List<String> keys) {
    return write(data, table, mode, keys, Map.of());
  }

  List<List<String>> query(String sql) throws Exception {
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

  static List<String> row(String... values) {
    return Arrays.asList(values);
  }

  @Test
  void overwriteSwapsAtomicallyAndAFailedLoadLeavesTheTargetAsItWas() throws Exception {
    write(spark.sql("SELECT id FROM range(1, 101)"), "safe_events", WriteMode.OVERWRITE, List.of());
    write(spark.sql("SELECT id FROM range(1, 121)"), "safe_events", WriteMode.OVERWRITE, List.of());
    assertThat(query("SELECT count(*), max(id) FROM safe_events"))
        .containsExactly(List.of("120", "120"));
    Dataset<Row> failing =
        spark.sql(
            "SELECT id, IF(id = 900, raise_error('disk on fire'),"
                + " concat('user-', CAST(id AS STRING))) AS user_id FROM range(1, 1001, 1, 4)");
    assertThatThrownBy(() -> write(failing, "safe_events", WriteMode.OVERWRITE, List.of()))
        .hasMessageContaining("disk on fire");
    assertThat(query("SELECT count(*), max(id) FROM safe_events"))
        .containsExactly(List.of("120", "120"));
    assertThat(query(countStagingTables())).containsExactly(List.of("0"));
  }

  @Test
  void upsertsOnKeysAndReRunsChangeNothingAndAppendsAdd() throws Exception {
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
    // 1..50 keep value*10, 51..150 take value*100
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

  /**
   * A bounded string column sized by the first load is widened when a later append or merge stages
   * a longer value (from a TEXT staging column too), instead of the load being refused.
   */
  @Test
  void aLongerValueWidensTheBoundedColumnOfAnAppendOrMerge() throws Exception {
    Map<String, String> sized = Map.of("string_type", "sized");
    write(
        spark.sql("SELECT id, concat('u', CAST(id AS STRING)) AS name FROM range(1, 11)"),
        "named",
        WriteMode.OVERWRITE,
        List.of("id"),
        sized);
    SinkResult longer =
        write(
            spark.sql("SELECT id, repeat('z', 20) AS name FROM range(11, 13)"),
            "named",
            WriteMode.APPEND,
            List.of(),
            Map.of("string_type", "text"));
    assertThat(longer.target()).endsWith("(widened name VARCHAR(32))");
    SinkResult longest =
        write(
            spark.sql("SELECT CAST(1 AS BIGINT) AS id, repeat('y', 300) AS name"),
            "named",
            WriteMode.MERGE,
            List.of("id"),
            sized);
    assertThat(longest.target()).contains("(widened name ");
    SinkResult fits =
        write(
            spark.sql("SELECT CAST(2 AS BIGINT) AS id, repeat('x', 30) AS name"),
            "named",
            WriteMode.MERGE,
            List.of("id"),
            sized);
    assertThat(fits.target()).doesNotContain("widened");
    assertThat(query("SELECT count(*), max(length(name)), sum(length(name)) FROM named"))
        .containsExactly(List.of("12", "300", Integer.toString(300 + 30 + 7 * 2 + 3 + 2 * 20)));
  }

  @Test
  void mergeWithoutKeysIsRefused() {
    assertThatThrownBy(
            () -> write(spark.sql("SELECT 1 AS id"), "nokeys", WriteMode.MERGE, List.of()))
        .isInstanceOf(SluiceException.class)
        .hasMessageContaining("without keys");
  }
}
