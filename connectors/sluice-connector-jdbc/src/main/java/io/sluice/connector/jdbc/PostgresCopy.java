package io.sluice.connector.jdbc;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Rows into a PostgreSQL table through {@code COPY ... FROM STDIN (FORMAT csv)}: each partition
 * streams its rows over its own connection (partitions in parallel, at most {@code parallelism} at
 * a time), which is several times faster than any INSERT path. Strings are always quoted, so an
 * empty string stays empty and an unquoted empty field is NULL; time stamps travel as instants.
 */
final class PostgresCopy implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String url;
  private final Properties properties;
  private final String table;
  private final List<String> columns;

  PostgresCopy(String url, Properties properties, String table, List<String> columns) {
    this.url = url;
    this.properties = properties;
    this.table = table;
    this.columns = List.copyOf(columns);
  }

  /** Copies {@code rows} (flat: nested values already JSON text) into the table. */
  void copy(Dataset<Row> rows, int parallelism) {
    // coalesce only ever lowers the partition count: no need to plan the query to ask for it
    rows.coalesce(parallelism)
        .foreachPartition((ForeachPartitionFunction<Row>) this::copyPartition);
  }

  /** The COPY statement, columns quoted as the sink's DDL quotes them. */
  String statement() {
    return "COPY "
        + table
        + " ("
        + String.join(", ", columns.stream().map(JdbcDialect.POSTGRESQL::quote).toList())
        + ") FROM STDIN WITH (FORMAT csv)";
  }

  private void copyPartition(Iterator<Row> rows) throws SQLException {
    if (!rows.hasNext()) {
      return;
    }
    try (Connection connection = DriverManager.getConnection(url, properties)) {
      PGConnection postgres = connection.unwrap(PGConnection.class);
      try (Writer out =
          new BufferedWriter(
              new OutputStreamWriter(
                  new PGCopyOutputStream(postgres, statement(), 1 << 16), StandardCharsets.UTF_8),
              1 << 16)) {
        StringBuilder line = new StringBuilder(256);
        while (rows.hasNext()) {
          line.setLength(0);
          csv(rows.next(), line);
          out.append(line);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot COPY rows into " + table + ": " + e.getMessage(), e);
      }
    }
  }

  /** One row as a CSV line. */
  static void csv(Row row, StringBuilder line) {
    for (int i = 0; i < row.length(); i++) {
      if (i > 0) {
        line.append(',');
      }
      if (!row.isNullAt(i)) {
        value(row.get(i), line);
      }
    }
    line.append('\n');
  }

  private static void value(Object value, StringBuilder line) {
    if (value instanceof String text) {
      line.append('"');
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '"') {
          line.append('"');
        }
        line.append(c);
      }
      line.append('"');
    } else if (value instanceof BigDecimal decimal) {
      line.append(decimal.toPlainString());
    } else if (value instanceof java.sql.Timestamp timestamp) {
      line.append(timestamp.toInstant()); // an instant: no time zone of this JVM in between
    } else if (value instanceof byte[] bytes) {
      line.append("\\x").append(HexFormat.of().formatHex(bytes));
    } else {
      // numbers, booleans, java.sql.Date, Instant, LocalDate, LocalDateTime: ISO text PostgreSQL
      // reads
      line.append(value);
    }
  }
}
