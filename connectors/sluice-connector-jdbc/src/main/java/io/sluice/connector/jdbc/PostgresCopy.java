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
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Rows into a PostgreSQL table through {@code COPY ... FROM STDIN}: each partition streams its rows
 * over its own connection (partitions in parallel, at most {@code parallelism} at a time), which is
 * several times faster than any INSERT path. Where every column's type allows it the rows go in
 * PostgreSQL's binary format, straight from Spark's internal rows ({@link PostgresBinary}: nothing
 * formatted as text, nothing parsed); otherwise as CSV, where strings are always quoted (an empty
 * string stays empty and an unquoted empty field is NULL) and time stamps travel as instants.
 */
final class PostgresCopy implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String url;
  private final Properties properties;
  private final String table;
  private final List<String> columns;
  private final PostgresBinary binary;

  /**
   * A COPY into {@code table}'s {@code types} (name -> SQL type, the rows' columns in order), in
   * binary where they allow it.
   */
  PostgresCopy(
      String url,
      Properties properties,
      String table,
      Map<String, String> types,
      StructType schema) {
    this.url = url;
    this.properties = properties;
    this.table = table;
    this.columns = List.copyOf(types.keySet());
    this.binary = PostgresBinary.of(schema, types).orElse(null);
  }

  /**
   * Copies {@code rows} (flat: nested values already JSON text) into the table; returns how many
   * rows the server took, as its COPYs reported them, or empty when a task ran more than once (a
   * retried partition: count the table instead).
   */
  OptionalLong copy(Dataset<Row> rows, int parallelism) {
    SparkContext spark = rows.sparkSession().sparkContext();
    LongAccumulator copied = spark.longAccumulator("rows copied into " + table);
    LongAccumulator retried = spark.longAccumulator("COPY tasks retried into " + table);
    // coalesce only ever lowers the partition count: no need to plan the query to ask for it
    if (binary != null) {
      rows.queryExecution()
          .toRdd()
          .toJavaRDD()
          .coalesce(parallelism)
          .foreachPartition(partition -> copied.add(copyBinaryPartition(partition, retried)));
    } else {
      rows.coalesce(parallelism)
          .foreachPartition(
              (ForeachPartitionFunction<Row>)
                  partition -> copied.add(copyPartition(partition, retried)));
    }
    return retried.value() > 0 ? OptionalLong.empty() : OptionalLong.of(copied.value());
  }

  private static void noteRetry(LongAccumulator retried) {
    TaskContext task = TaskContext.get();
    if (task != null && task.attemptNumber() > 0) {
      retried.add(1);
    }
  }

  /** Whether the rows go in the binary format. */
  boolean binary() {
    return binary != null;
  }

  /** The COPY statement, columns quoted as the sink's DDL quotes them. */
  String statement() {
    return "COPY "
        + table
        + " ("
        + String.join(", ", columns.stream().map(JdbcDialect.POSTGRESQL::quote).toList())
        + ") FROM STDIN WITH (FORMAT "
        + (binary != null ? "binary" : "csv")
        + ")";
  }

  private long copyBinaryPartition(Iterator<InternalRow> rows, LongAccumulator retried)
      throws SQLException {
    return stream(
        rows.hasNext(),
        retried,
        1, // CopyBuffer sends 64 KiB at a time
        stream -> {
          CopyBuffer out = new CopyBuffer(stream);
          out.write(PostgresBinary.HEADER, 0, PostgresBinary.HEADER.length);
          while (rows.hasNext()) {
            binary.write(rows.next(), out);
          }
          out.writeShort(-1); // the file trailer
          out.flush();
        });
  }

  private long copyPartition(Iterator<Row> rows, LongAccumulator retried) throws SQLException {
    return stream(
        rows.hasNext(),
        retried,
        1 << 16,
        stream -> {
          Writer out =
              new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
          StringBuilder line = new StringBuilder(256);
          while (rows.hasNext()) {
            line.setLength(0);
            csv(rows.next(), line);
            out.append(line);
          }
          out.flush();
        });
  }

  /** What a partition writes into its COPY stream. */
  private interface CopyBody {
    void write(PGCopyOutputStream stream) throws IOException;
  }

  /**
   * One partition's COPY on its own connection: {@code body} writes the rows, then the COPY ends
   * and its row count is returned (0 for an empty partition: no connection).
   */
  private long stream(boolean rows, LongAccumulator retried, int bufferSize, CopyBody body)
      throws SQLException {
    noteRetry(retried);
    if (!rows) {
      return 0;
    }
    try (Connection connection = DriverManager.getConnection(url, properties)) {
      PGCopyOutputStream stream =
          new PGCopyOutputStream(connection.unwrap(PGConnection.class), statement(), bufferSize);
      try {
        body.write(stream);
        return stream.endCopy();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot COPY rows into " + table + ": " + e.getMessage(), e);
      } finally {
        cancelUnlessEnded(stream);
      }
    }
  }

  /** A COPY that did not end (an error while rows were read) is cancelled: nothing of it stays. */
  private static void cancelUnlessEnded(PGCopyOutputStream stream) throws SQLException {
    if (stream.isActive()) {
      stream.cancelCopy();
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
