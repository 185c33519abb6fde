package io.sluice.connector.jdbc;

import static org.apache.spark.sql.functions.col;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.SluiceException;
import io.sluice.spi.WriteMode;
import io.sluice.spi.spark.SinkContext;
import io.sluice.spi.spark.SinkResult;
import io.sluice.spi.spark.SparkBatchSink;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Loads a dataset into PostgreSQL: the column types come from the schema (strings sized from the
 * data), rows go to a staging table with Spark's JDBC writer, and one transaction moves them into
 * the target: a swap (overwrite), an insert (append) or an upsert on the keys (merge).
 */
final class JdbcSink implements SparkBatchSink {
  static final String STAGING = "__sluice_staging";
  static final String PREVIOUS = "__sluice_previous";

  private final ResolvedOptions options;
  private final JdbcDialect dialect;

  JdbcSink(ResolvedOptions options) {
    this.options = options;
    this.dialect =
        JdbcDialect.of(
            options.get(JdbcConnectorFactory.URL), options.find(JdbcConnectorFactory.DIALECT));
  }

  @Override
  public String describeTarget() {
    return options.get(JdbcConnectorFactory.TABLE)
        + " ("
        + dialect.name().toLowerCase(Locale.ROOT)
        + ")";
  }

  /**
   * The DDL for rows of {@code schema}; sized strings show as VARCHAR(n), n being measured from the
   * data at load time.
   */
  @Override
  public java.util.Optional<String> describeWrite(StructType schema, List<String> keys) {
    Map<String, String> types =
        ColumnTypes.described(
            schema,
            options.find(JdbcConnectorFactory.COLUMN_TYPES).orElse(Map.of()),
            ColumnTypes.sizedStrings(options, dialect),
            dialect,
            keys);
    return java.util.Optional.of(
        "ddl: "
            + ColumnTypes.createTable(
                options.get(JdbcConnectorFactory.TABLE), types, keys, dialect));
  }

  @Override
  public java.util.Optional<Dataset<Row>> readBack(
      org.apache.spark.sql.SparkSession spark, SinkContext context) {
    String table = options.get(JdbcConnectorFactory.TABLE);
    if (dialect == JdbcDialect.MYSQL) {
      MariaDbSparkDialect.register();
    }
    return java.util.Optional.of(spark.read().jdbc(url(context, table), table, properties()));
  }

  private Properties properties() {
    Properties properties = new Properties();
    options.find(JdbcConnectorFactory.USER).ifPresent(u -> properties.setProperty("user", u));
    options
        .find(JdbcConnectorFactory.PASSWORD)
        .ifPresent(p -> properties.setProperty("password", p));
    return properties;
  }

  private String url(SinkContext context, String table) {
    String url = options.get(JdbcConnectorFactory.URL);
    if (url.equals(JdbcConnectorFactory.EMBEDDED)) {
      url =
          context
              .service(JdbcConnectorFactory.POSTGRES_SERVICE)
              .orElseThrow(
                  () ->
                      new SluiceException(
                          ErrorCode.MISSING_REQUIRED,
                          "Cannot load "
                              + table
                              + ": url is 'embedded' but no embedded PostgreSQL is running (sluice"
                              + " run starts one)"));
    }
    return url;
  }

  @Override
  public SinkResult write(Dataset<Row> data, SinkContext context) {
    String table = options.get(JdbcConnectorFactory.TABLE);
    String staging = table + STAGING;
    String url = url(context, table);
    Properties properties = properties();
    List<String> keys = context.keys();
    if (context.mode() == WriteMode.MERGE && keys.isEmpty()) {
      throw new SluiceException(
          ErrorCode.MISSING_REQUIRED,
          "Cannot merge into " + table + " (sink '" + context.sinkName() + "') without keys");
    }
    Map<String, String> types =
        ColumnTypes.of(
            data,
            options.find(JdbcConnectorFactory.COLUMN_TYPES).orElse(Map.of()),
            ColumnTypes.sizedStrings(options, dialect),
            dialect,
            keys);
    // overwrite stages the complete new table and swaps it in (no second copy of the rows);
    // append and merge stage the rows (unlogged on PostgreSQL) and insert them in one transaction
    boolean swap = context.mode() == WriteMode.OVERWRITE;
    try (Connection connection = DriverManager.getConnection(url, properties)) {
      try (Statement statement = connection.createStatement()) {
        int dot = table.lastIndexOf('.');
        if (dot > 0) {
          // a schema-qualified table: the schema is created the first time (an empty namespace)
          statement.execute(dialect.createSchema(table.substring(0, dot)));
        }
        // a staging table left by a load that died is dropped first
        statement.execute("DROP TABLE IF EXISTS " + staging);
        String ddl =
            ColumnTypes.createTable(
                staging, types, swap && !dialect.transactionalDdl() ? keys : List.of(), dialect);
        statement.execute(swap ? ddl : dialect.scratch(ddl));
      }
      long rows;
      List<String> widened = List.of();
      try {
        Dataset<Row> flat = data;
        for (StructField field : data.schema().fields()) {
          DataType type = field.dataType();
          if (type instanceof ArrayType || type instanceof StructType || type instanceof MapType) {
            flat =
                flat.withColumn(
                    field.name(),
                    org.apache.spark.sql.functions.to_json(
                        col(ColumnTypes.sparkName(field.name()))));
          }
        }
        // the rows the COPYs reported, else a count of the staging table
        java.util.OptionalLong staged =
            new StagingLoad(options, dialect)
                .load(
                    data,
                    flat,
                    connection,
                    url,
                    properties,
                    staging,
                    table,
                    types,
                    context.runId());
        rows = staged.isPresent() ? staged.getAsLong() : count(connection, staging);
        String[] location = location(connection, table);
        boolean exists = exists(connection, location);
        if (swap) {
          swapIn(connection, table, staging, exists, keys);
        } else {
          if (exists) {
            // a bounded column of the existing table that a staged value is longer than is
            // widened first (on its own: Redshift alters a column type only outside a transaction)
            widened = ColumnTypes.widen(connection, dialect, table, location, staging, types);
          }
          if (!dialect.transactionalDdl() && !exists) {
            try (Statement statement = connection.createStatement()) {
              statement.execute(ColumnTypes.createTable(table, types, keys, dialect));
            }
          }
          connection.setAutoCommit(false);
          try (Statement statement = connection.createStatement()) {
            List<String> columns = new ArrayList<>(types.keySet());
            if (dialect.transactionalDdl() && !exists) {
              statement.execute(ColumnTypes.createTable(table, types, keys, dialect));
            }
            if (context.mode() == WriteMode.MERGE) {
              for (String sql : dialect.mergeInto(table, staging, columns, keys)) {
                statement.execute(sql);
              }
            } else {
              statement.execute(dialect.insertFrom(table, staging, columns));
            }
            if (dialect.transactionalDdl()) {
              statement.execute("DROP TABLE " + staging);
            }
            connection.commit();
          } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
          }
        }
      } finally {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
          statement.execute("DROP TABLE IF EXISTS " + staging);
        }
      }
      return new SinkResult(
          table
              + " at "
              + url.replaceAll("(?i)(password=)[^&;]*", "$1****")
              + (widened.isEmpty() ? "" : " (widened " + String.join(", ", widened) + ")"),
          rows);
    } catch (SQLException e) {
      throw new SluiceException(
          ErrorCode.INVALID_VALUE,
          "Cannot load "
              + table
              + " (sink '"
              + context.sinkName()
              + "'): "
              + e.getMessage()
              + "; the table is as it was before this run",
          e);
    }
  }

  /**
   * Overwrite: the staged table already holds the complete new table. Where DDL is transactional
   * (PostgreSQL, Redshift) one transaction drops the old table, renames the staged one and adds the
   * key; MySQL/MariaDB swap both names in one atomic RENAME TABLE.
   */
  private void swapIn(
      Connection connection, String table, String staging, boolean exists, List<String> keys)
      throws SQLException {
    if (dialect.transactionalDdl()) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.execute("DROP TABLE IF EXISTS " + table);
        String name = table.substring(table.lastIndexOf('.') + 1);
        statement.execute("ALTER TABLE " + staging + " RENAME TO " + name);
        if (!keys.isEmpty()) {
          statement.execute(
              "ALTER TABLE "
                  + table
                  + " ADD PRIMARY KEY ("
                  + String.join(", ", keys.stream().map(dialect::quote).toList())
                  + ")");
        }
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
      return;
    }
    String previous = table + PREVIOUS;
    try (Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + previous);
      if (exists) {
        statement.execute(
            "RENAME TABLE " + table + " TO " + previous + ", " + staging + " TO " + table);
        statement.execute("DROP TABLE " + previous);
      } else {
        statement.execute("RENAME TABLE " + staging + " TO " + table);
      }
    }
  }

  private static long count(Connection connection, String table) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT count(*) FROM " + table)) {
      result.next();
      return result.getLong(1);
    }
  }

  /** The schema and name of {@code table} as information_schema spells them. */
  private String[] location(Connection connection, String table) throws SQLException {
    String[] parts = table.toLowerCase(Locale.ROOT).split("\\.");
    String schema =
        parts.length == 2
            ? parts[0]
            : dialect.defaultSchema().isEmpty() ? connection.getCatalog() : dialect.defaultSchema();
    return new String[] {schema, parts[parts.length - 1]};
  }

  private static boolean exists(Connection connection, String[] location) throws SQLException {
    try (var statement =
        connection.prepareStatement(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
      statement.setString(1, location[0]);
      statement.setString(2, location[1]);
      try (ResultSet result = statement.executeQuery()) {
        return result.next();
      }
    }
  }
}
