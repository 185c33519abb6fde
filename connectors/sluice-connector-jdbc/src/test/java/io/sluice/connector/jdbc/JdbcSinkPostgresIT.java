package io.sluice.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.WriteMode;
import io.sluice.spi.spark.SinkContext;
import io.sluice.spi.spark.SinkResult;
import io.sluice.testing.TestingPostgres;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The jdbc sink's contract and PostgreSQL's own types and DDL, on a real PostgreSQL 18. */
class JdbcSinkPostgresIT extends JdbcSinkContract {
  @Override
  String startDatabase(Path work) {
    return TestingPostgres.newDatabase("warehouse");
  }

  @Override
  void stopDatabase() {}

  @Override
  String countStagingTables() {
    return "SELECT count(*) FROM information_schema.tables WHERE table_name LIKE '%__sluice_staging'";
  }

  private Dataset<Row> events(int count) {
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
                Map.of(JdbcConnectorFactory.POSTGRES_SERVICE, url)));
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
}
