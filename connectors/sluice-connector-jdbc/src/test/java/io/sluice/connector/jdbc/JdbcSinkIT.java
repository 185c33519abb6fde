package io.sluice.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.services.EmbeddedPostgres;
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

/** The jdbc sink against a real PostgreSQL 18 (embedded, 127.0.0.1). */
class JdbcSinkIT {
  @TempDir static Path work;
  static EmbeddedPostgres pg;
  static SparkSession spark;
  static String url;

  @BeforeAll
  static void start() {
    pg = EmbeddedPostgres.start(work.resolve("pg"), 0);
    pg.createDatabase("warehouse");
    url = pg.jdbcUrl("warehouse");
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("jdbc-sink-it")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.sql.session.timeZone", "UTC")
            .getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
    pg.close();
  }

  private static SinkResult write(
      Dataset<Row> data, String table, WriteMode mode, List<String> keys, Map<String, ?> extra) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("url", url);
    values.put("table", table);
    values.put("batch_size", 100);
    values.putAll(extra);
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
            + " CAST(id * 1.25 AS DECIMAL(12,2)) AS amount, id % 2 = 0 AS even,"
            + " timestamp_seconds(1700000000 + id) AS at, DATE'2024-07-31' AS day,"
            + " array(id, id + 1) AS pair, named_struct('k', id) AS meta"
            + " FROM range(1, "
            + (count + 1)
            + ")");
  }

  @Test
  void createdTypesFollowTheSchemaAndTheData() throws Exception {
    SinkResult result =
        write(
            events(500),
            "typed_events",
            WriteMode.OVERWRITE,
            List.of(),
            Map.of("column_types", Map.of("day", "TEXT")));
    assertThat(result.rowsWritten()).isEqualTo(500);
    assertThat(
            query(
                "SELECT column_name, data_type, character_maximum_length, numeric_precision,"
                    + " numeric_scale FROM information_schema.columns WHERE table_name ="
                    + " 'typed_events' ORDER BY ordinal_position"))
        .containsExactly(
            row("id", "bigint", null, "64", "0"),
            row("user_id", "character varying", "16", null, null),
            row("amount", "numeric", null, "12", "2"),
            row("even", "boolean", null, null, null),
            row("at", "timestamp with time zone", null, null, null),
            row("day", "text", null, null, null),
            row("pair", "jsonb", null, null, null),
            row("meta", "jsonb", null, null, null));
    assertThat(query("SELECT amount, at, pair::text, meta->>'k' FROM typed_events WHERE id = 4"))
        .containsExactly(List.of("5.00", "2023-11-14 22:13:24+00", "[4, 5]", "4"));
    // the DDL the sink reports is the DDL it ran
    assertThat(
            JdbcSink.createTable(
                "typed_events",
                JdbcSink.columnTypes(events(500), Map.of("day", "TEXT"), true),
                List.of()))
        .isEqualTo(
            "CREATE TABLE typed_events (\"id\" BIGINT, \"user_id\" VARCHAR(16), \"amount\" NUMERIC(12,2),"
                + " \"even\" BOOLEAN, \"at\" TIMESTAMPTZ, \"day\" TEXT, \"pair\" JSONB, \"meta\" JSONB)");
  }

  @Test
  void thePlansDdlIsTheDdlTheLoadRuns() throws Exception {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("url", url);
    values.put("table", "planned");
    values.put("string_type", "text");
    JdbcSink sink = new JdbcSink(new ResolvedOptions(values));
    Dataset<Row> data = events(20);
    String planned = sink.describeWrite(data.schema(), List.of("id")).orElseThrow();
    sink.write(data, new SinkContext("warehouse", "run-1", WriteMode.MERGE, List.of("id")));
    assertThat(planned)
        .isEqualTo(
            "ddl: CREATE TABLE planned (\"id\" BIGINT, \"user_id\" TEXT, \"amount\" NUMERIC(12,2),"
                + " \"even\" BOOLEAN, \"at\" TIMESTAMPTZ, \"day\" DATE, \"pair\" JSONB, \"meta\" JSONB,"
                + " PRIMARY KEY (\"id\"))");
    assertThat(
            query(
                "SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position)"
                    + " FROM information_schema.columns WHERE table_name = 'planned'"))
        .containsExactly(
            List.of(
                "id bigint, user_id text, amount numeric, even boolean, at timestamp with time"
                    + " zone, day date, pair jsonb, meta jsonb"));
  }

  @Test
  void aLoadThatFailsMidwayLeavesTheTargetAsItWas() throws Exception {
    write(events(100), "safe_events", WriteMode.OVERWRITE, List.of(), Map.of());
    Dataset<Row> failing =
        spark.sql(
            "SELECT id, IF(id = 900, raise_error('disk on fire'), concat('user-', CAST(id AS STRING))) AS user_id"
                + " FROM range(1, 1001, 1, 4)");
    assertThatThrownBy(
            () -> write(failing, "safe_events", WriteMode.OVERWRITE, List.of(), Map.of()))
        .hasMessageContaining("disk on fire");
    assertThat(query("SELECT count(*), max(id) FROM safe_events"))
        .containsExactly(List.of("100", "100"));
    assertThat(
            query(
                "SELECT count(*) FROM information_schema.tables WHERE table_name LIKE '%__sluice_staging'"))
        .containsExactly(List.of("0"));
  }

  @Test
  void upsertsOnKeysAndReRunsChangeNothing() throws Exception {
    Dataset<Row> first =
        spark.sql("SELECT id, CAST(id * 10 AS BIGINT) AS value FROM range(1, 101)");
    write(first, "kv", WriteMode.MERGE, List.of("id"), Map.of());
    Dataset<Row> second =
        spark.sql("SELECT id, CAST(id * 100 AS BIGINT) AS value FROM range(51, 151)");
    write(second, "kv", WriteMode.MERGE, List.of("id"), Map.of());
    List<List<String>> once = query("SELECT count(*), sum(value) FROM kv");
    write(second, "kv", WriteMode.MERGE, List.of("id"), Map.of());
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
  }

  @Test
  void urlEmbeddedUsesTheServerTheRunStarted() throws Exception {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("url", "embedded");
    values.put("table", "via_embedded");
    JdbcSink sink = new JdbcSink(new ResolvedOptions(values));
    SinkResult result =
        sink.write(
            events(7),
            new SinkContext(
                "warehouse",
                "run-1",
                WriteMode.OVERWRITE,
                List.of(),
                Map.of(SinkContext.EMBEDDED_POSTGRES_URL, url)));
    assertThat(result.rowsWritten()).isEqualTo(7);
    assertThat(result.target()).startsWith("via_embedded at jdbc:postgresql://127.0.0.1:");
    assertThat(query("SELECT count(*) FROM via_embedded")).containsExactly(List.of("7"));
    assertThatThrownBy(
            () ->
                sink.write(
                    events(1),
                    new SinkContext("warehouse", "run-1", WriteMode.OVERWRITE, List.of())))
        .hasMessageContaining("no embedded PostgreSQL is running");
  }

  @Test
  void mergeWithoutKeysIsRefused() {
    assertThatThrownBy(() -> write(events(3), "nokeys", WriteMode.MERGE, List.of(), Map.of()))
        .isInstanceOf(SluiceException.class)
        .hasMessageContaining("without keys");
  }

  private static List<String> row(String... values) {
    return java.util.Arrays.asList(values);
  }
}
