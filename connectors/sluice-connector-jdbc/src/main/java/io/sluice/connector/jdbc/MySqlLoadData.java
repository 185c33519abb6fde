package io.sluice.connector.jdbc;

import java.io.ByteArrayInputStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.StructField;

/**
 * Rows into a MySQL or MariaDB table through {@code LOAD DATA LOCAL INFILE}, the rows streamed from
 * each partition over its own connection (MariaDB Connector/J's local-infile stream), at most
 * {@code parallelism} at once, in chunks of {@code chunkRows} rows a statement. The server must
 * allow it ({@code local_infile=ON}); {@link #allowed} asks. Fields are escaped MySQL's way: NULL
 * is {@code \N}, strings are quoted with backslash escapes for backslashes, quotes, line breaks and
 * NUL; time stamps are written in UTC, as the sink's DATETIME(6) columns hold them.
 */
final class MySqlLoadData implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private final String url;
  private final Properties properties;
  private final String table;
  private final List<String> columns;
  private final int chunkRows;

  MySqlLoadData(
      String url, Properties properties, String table, List<String> columns, int chunkRows) {
    this.url = url;
    this.properties = new Properties();
    this.properties.putAll(properties);
    this.properties.setProperty("allowLocalInfile", "true");
    this.table = table;
    this.columns = List.copyOf(columns);
    this.chunkRows = chunkRows;
  }

  /**
   * Whether LOAD DATA can load {@code fields} here: the server allows it and no column is bytes.
   */
  static boolean allowed(Connection connection, StructField[] fields) throws SQLException {
    for (StructField field : fields) {
      if (field.dataType() instanceof BinaryType) {
        return false; // raw bytes do not travel as text: the INSERT path takes them
      }
    }
    try (Statement statement = connection.createStatement();
        java.sql.ResultSet result = statement.executeQuery("SELECT @@local_infile")) {
      return result.next() && result.getInt(1) == 1;
    }
  }

  void load(Dataset<Row> rows, int parallelism) {
    // coalesce only ever lowers the partition count: no need to plan the query to ask for it
    rows.coalesce(parallelism)
        .foreachPartition((ForeachPartitionFunction<Row>) this::loadPartition);
  }

  /** The statement, its columns quoted with backticks. */
  String statement() {
    return "LOAD DATA LOCAL INFILE 'sluice-rows' INTO TABLE "
        + table
        + " CHARACTER SET utf8mb4 FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"'"
        + " ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' ("
        + String.join(", ", columns.stream().map(JdbcDialect.MYSQL::quote).toList())
        + ")";
  }

  private void loadPartition(Iterator<Row> rows) throws SQLException {
    if (!rows.hasNext()) {
      return;
    }
    try (Connection connection = DriverManager.getConnection(url, properties);
        Statement statement = connection.createStatement()) {
      org.mariadb.jdbc.Statement mariadb = statement.unwrap(org.mariadb.jdbc.Statement.class);
      StringBuilder chunk = new StringBuilder(1 << 20);
      int inChunk = 0;
      while (rows.hasNext()) {
        line(rows.next(), chunk);
        if (++inChunk == chunkRows || !rows.hasNext()) {
          mariadb.setLocalInfileInputStream(
              new ByteArrayInputStream(chunk.toString().getBytes(StandardCharsets.UTF_8)));
          statement.execute(statement());
          chunk.setLength(0);
          inChunk = 0;
        }
      }
    }
  }

  /** One row as a line LOAD DATA reads with the statement's field and line settings. */
  static void line(Row row, StringBuilder out) {
    for (int i = 0; i < row.length(); i++) {
      if (i > 0) {
        out.append(',');
      }
      if (row.isNullAt(i)) {
        out.append("\\N");
        continue;
      }
      Object value = row.get(i);
      if (value instanceof String text) {
        out.append('"');
        for (int c = 0; c < text.length(); c++) {
          char ch = text.charAt(c);
          switch (ch) {
            case '\\' -> out.append("\\\\");
            case '"' -> out.append("\\\"");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\0' -> out.append("\\0");
            default -> out.append(ch);
          }
        }
        out.append('"');
      } else if (value instanceof Boolean flag) {
        out.append(flag ? '1' : '0');
      } else if (value instanceof BigDecimal decimal) {
        out.append(decimal.toPlainString());
      } else if (value instanceof java.sql.Timestamp timestamp) {
        out.append(UTC.format(timestamp.toInstant()));
      } else if (value instanceof java.time.Instant instant) {
        out.append(UTC.format(instant));
      } else {
        out.append(value); // numbers, dates, local date-times
      }
    }
    out.append('\n');
  }
}
