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
            Map.of("column_types", Map.of("day", "TEXT"), "string_type", "sized"));
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
            ColumnTypes.createTable(
                "typed_events",
                ColumnTypes.of(
                    events(500), Map.of("day", "TEXT"), true, JdbcDialect.POSTGRESQL, List.of()),
                List.of(),
                JdbcDialect.POSTGRESQL))
        .isEqualTo(
            "CREATE TABLE typed_events (\"id\" BIGINT, \"user_id\" VARCHAR(16), \"amount\" NUMERIC(12,2),"
                + " \"even\" BOOLEAN, \"at\" TIMESTAMPTZ, \"day\" TEXT, \"pair\" JSONB, \"meta\" JSONB)");
  }

  /**
   * COPY and INSERT load the same values: quotes, commas, line breaks, an empty string beside a
   * NULL, non-ASCII text, backslashes, extreme doubles, negative decimals, instants before 1970 and
   * across a DST change, local time stamps, dates, bytes and nested values.
   */
  @Test
  void copyLoadsExactlyWhatInsertsLoad() throws Exception {
    Dataset<Row> tricky =
        spark.sql(
            """
            SELECT * FROM VALUES
             (1, 'a,b', CAST(-12.345 AS DECIMAL(10,3)), CAST('NaN' AS DOUBLE),
              TIMESTAMP'1969-12-31 23:59:59.123456', TIMESTAMP_NTZ'2024-03-10 02:30:00',
              DATE'1900-01-01', X'00FF10', true, array(1, 2), named_struct('k', 'v"q')),
             (2, 'quote "x" and \\'apostrophe\\'', CAST(0 AS DECIMAL(10,3)),
              CAST('Infinity' AS DOUBLE), TIMESTAMP'2024-03-10 10:30:00',
              TIMESTAMP_NTZ'2024-12-31 23:59:59.999999', DATE'2024-02-29', X'', false,
              array(), named_struct('k', '')),
             (3, 'line\\nbreak and \\\\N', NULL, 1e300, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
             (4, '', CAST(99999.999 AS DECIMAL(10,3)), -0.0, TIMESTAMP'2000-01-01 00:00:00',
              TIMESTAMP_NTZ'2000-01-01 00:00:00', DATE'2000-01-01', X'41', true, array(3),
              named_struct('k', NULL)),
             (5, NULL, CAST(-0.001 AS DECIMAL(10,3)), 1.5E-300, NULL, NULL, NULL, NULL, NULL,
              NULL, NULL),
             (6, '한글 ⬤ \\t tab', CAST(1 AS DECIMAL(10,3)), 2.5, NULL, NULL, NULL, NULL, NULL,
              NULL, NULL)
             AS t(id, text, amount, ratio, at, local_at, day, bytes, flag, list, meta)
            """);
    // every type the binary format is exact for: binary COPY; the rows reported are COPY's count
    assertThat(
            write(tricky, "copied", WriteMode.OVERWRITE, List.of(), Map.of("load", "copy"))
                .rowsWritten())
        .isEqualTo(6);
    // a column type set to a spelling the binary encoding does not take: CSV COPY
    assertThat(
            write(
                    tricky,
                    "copied_csv",
                    WriteMode.OVERWRITE,
                    List.of(),
                    Map.of("load", "copy", "column_types", Map.of("ratio", "FLOAT8")))
                .rowsWritten())
        .isEqualTo(6);
    write(tricky, "inserted", WriteMode.OVERWRITE, List.of(), Map.of("load", "insert"));
    String columns = "id, text, amount, ratio, at, local_at, day, bytes, flag, list, meta";
    assertThat(query("SELECT count(*) FROM copied")).containsExactly(List.of("6"));
    for (String copied : List.of("copied", "copied_csv")) {
      assertThat(
              query(
                  "SELECT count(*) FROM ((SELECT "
                      + columns
                      + " FROM "
                      + copied
                      + " EXCEPT ALL SELECT "
                      + columns
                      + " FROM inserted) UNION ALL (SELECT "
                      + columns
                      + " FROM inserted EXCEPT ALL SELECT "
                      + columns
                      + " FROM "
                      + copied
                      + ")) differences"))
          .as(copied)
          .containsExactly(List.of("0"));
    }
    assertThat(query("SELECT ratio::text, amount::text FROM copied WHERE id IN (1, 2) ORDER BY id"))
        .containsExactly(List.of("NaN", "-12.345"), List.of("Infinity", "0.000"));
    assertThat(
            query(
                "SELECT id, text IS NULL, length(text) FROM copied WHERE id IN (4, 5) ORDER BY id"))
        .containsExactly(row("4", "f", "0"), row("5", "t", null));
    assertThat(query("SELECT text, at, encode(bytes, 'hex') FROM copied WHERE id = 1"))
        .containsExactly(List.of("a,b", "1969-12-31 23:59:59.123456+00", "00ff10"));
    assertThat(query("SELECT text FROM copied WHERE id = 3"))
        .containsExactly(List.of("line\nbreak and \\N"));
  }

  @Test
  void thePlansDdlIsTheDdlTheLoadRuns() throws Exception {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("url", url);
    values.put("table", "planned"); // string_type auto: TEXT on PostgreSQL
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
