package io.sluice.connector.jdbc;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.max;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
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

  private final ResolvedOptions options;

  JdbcSink(ResolvedOptions options) {
    this.options = options;
  }

  @Override
  public String describeTarget() {
    return options.get(JdbcConnectorFactory.TABLE) + " (jdbc:postgresql)";
  }

  /**
   * The DDL for rows of {@code schema}; sized strings show as VARCHAR(n), n being measured from the
   * data at load time.
   */
  @Override
  public java.util.Optional<String> describeWrite(StructType schema, List<String> keys) {
    Map<String, String> overrides =
        options.find(JdbcConnectorFactory.COLUMN_TYPES).orElse(Map.of());
    boolean sized = options.get(JdbcConnectorFactory.STRING_TYPE).equals("sized");
    Map<String, String> types = types(schema, overrides, name -> sized ? "VARCHAR(n)" : "TEXT");
    return java.util.Optional.of(
        "ddl: " + createTable(options.get(JdbcConnectorFactory.TABLE), types, keys));
  }

  /** The column definitions for {@code schema}: name -> SQL type. */
  static Map<String, String> columnTypes(
      Dataset<Row> data, Map<String, String> overrides, boolean sizedStrings) {
    StructType schema = data.schema();
    Map<String, Integer> lengths = new LinkedHashMap<>();
    if (sizedStrings) {
      List<Column> measures = new ArrayList<>();
      for (StructField field : schema.fields()) {
        if (field.dataType().equals(DataTypes.StringType) && !overrides.containsKey(field.name())) {
          measures.add(max(length(col(sparkName(field.name())))).as(field.name()));
        }
      }
      if (!measures.isEmpty()) {
        Row longest =
            data.agg(measures.get(0), measures.subList(1, measures.size()).toArray(Column[]::new))
                .first();
        for (int i = 0; i < longest.length(); i++) {
          lengths.put(
              longest.schema().fields()[i].name(), longest.isNullAt(i) ? 0 : longest.getInt(i));
        }
      }
    }
    return types(
        schema, overrides, name -> sqlType(DataTypes.StringType, lengths.getOrDefault(name, -1)));
  }

  /**
   * Each column's SQL type: the override, else {@code stringType} of the column's name for a
   * string, else the type {@link #sqlType} maps it to.
   */
  private static Map<String, String> types(
      StructType schema,
      Map<String, String> overrides,
      java.util.function.Function<String, String> stringType) {
    Map<String, String> types = new LinkedHashMap<>();
    for (StructField field : schema.fields()) {
      String override = overrides.get(field.name());
      types.put(
          field.name(),
          override != null
              ? override
              : field.dataType().equals(DataTypes.StringType)
                  ? stringType.apply(field.name())
                  : sqlType(field.dataType(), -1));
    }
    return types;
  }

  /** PostgreSQL's type for a Spark type; {@code length} sizes strings (-1: TEXT). */
  static String sqlType(DataType type, int length) {
    if (type.equals(DataTypes.StringType)) {
      if (length < 0 || length > 10_485_760) {
        return "TEXT";
      }
      int size = 16;
      while (size < length) {
        size *= 2;
      }
      return "VARCHAR(" + size + ")";
    }
    if (type instanceof DecimalType decimal) {
      return "NUMERIC(" + decimal.precision() + "," + decimal.scale() + ")";
    }
    if (type instanceof ArrayType || type instanceof StructType || type instanceof MapType) {
      return "JSONB";
    }
    Map<DataType, String> simple =
        Map.ofEntries(
            Map.entry(DataTypes.ByteType, "SMALLINT"),
            Map.entry(DataTypes.ShortType, "SMALLINT"),
            Map.entry(DataTypes.IntegerType, "INTEGER"),
            Map.entry(DataTypes.LongType, "BIGINT"),
            Map.entry(DataTypes.FloatType, "REAL"),
            Map.entry(DataTypes.DoubleType, "DOUBLE PRECISION"),
            Map.entry(DataTypes.BooleanType, "BOOLEAN"),
            Map.entry(DataTypes.DateType, "DATE"),
            Map.entry(DataTypes.TimestampType, "TIMESTAMPTZ"),
            Map.entry(DataTypes.TimestampNTZType, "TIMESTAMP"),
            Map.entry(DataTypes.BinaryType, "BYTEA"));
    String sql = simple.get(type);
    if (sql == null) {
      throw new SluiceException(
          ErrorCode.INVALID_VALUE,
          "Cannot map Spark type "
              + type.simpleString()
              + " to a PostgreSQL column type; set"
              + " it in column_types");
    }
    return sql;
  }

  /** CREATE TABLE text for {@code table} with {@code types} (and a primary key on {@code keys}). */
  static String createTable(String table, Map<String, String> types, List<String> keys) {
    StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(table).append(" (");
    boolean first = true;
    for (Map.Entry<String, String> e : types.entrySet()) {
      ddl.append(first ? "" : ", ").append(quote(e.getKey())).append(' ').append(e.getValue());
      first = false;
    }
    if (!keys.isEmpty()) {
      ddl.append(", PRIMARY KEY (")
          .append(String.join(", ", keys.stream().map(JdbcSink::quote).toList()))
          .append(')');
    }
    return ddl.append(')').toString();
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /** A Spark column reference that survives dots and spaces in the name. */
  private static String sparkName(String name) {
    return '`' + name.replace("`", "``") + '`';
  }

  @Override
  public java.util.Optional<Dataset<Row>> readBack(
      org.apache.spark.sql.SparkSession spark, SinkContext context) {
    String table = options.get(JdbcConnectorFactory.TABLE);
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
              .service(SinkContext.EMBEDDED_POSTGRES_URL)
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
        columnTypes(
            data,
            options.find(JdbcConnectorFactory.COLUMN_TYPES).orElse(Map.of()),
            options.get(JdbcConnectorFactory.STRING_TYPE).equals("sized"));
    try (Connection connection = DriverManager.getConnection(url, properties)) {
      try (Statement statement = connection.createStatement()) {
        int dot = table.lastIndexOf('.');
        if (dot > 0) {
          // a schema-qualified table: the schema is created the first time (an empty namespace)
          statement.execute("CREATE SCHEMA IF NOT EXISTS " + table.substring(0, dot));
        }
        // a staging table left by a load that died is dropped first
        statement.execute("DROP TABLE IF EXISTS " + staging);
        statement.execute(createTable(staging, types, List.of()));
      }
      long rows;
      try {
        Dataset<Row> flat = data;
        for (StructField field : data.schema().fields()) {
          DataType type = field.dataType();
          if (type instanceof ArrayType || type instanceof StructType || type instanceof MapType) {
            flat =
                flat.withColumn(
                    field.name(),
                    org.apache.spark.sql.functions.to_json(col(sparkName(field.name()))));
          }
        }
        flat.write()
            .mode(SaveMode.Append)
            .option("batchsize", options.get(JdbcConnectorFactory.BATCH_SIZE))
            .option("numPartitions", options.get(JdbcConnectorFactory.PARALLELISM))
            .option("stringtype", "unspecified") // JSON text into JSONB columns
            .jdbc(url, staging, properties);
        rows = count(connection, staging);
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
          boolean exists = exists(connection, table);
          String columns = String.join(", ", types.keySet().stream().map(JdbcSink::quote).toList());
          String insert =
              "INSERT INTO " + table + " (" + columns + ") SELECT " + columns + " FROM " + staging;
          if (context.mode() == WriteMode.OVERWRITE) {
            statement.execute("DROP TABLE IF EXISTS " + table);
          }
          if (context.mode() == WriteMode.OVERWRITE || !exists) {
            statement.execute(createTable(table, types, keys));
          }
          if (context.mode() == WriteMode.MERGE) {
            List<String> updates = new ArrayList<>();
            for (String column : types.keySet()) {
              if (!keys.contains(column)) {
                updates.add(quote(column) + " = EXCLUDED." + quote(column));
              }
            }
            statement.execute(
                insert
                    + " ON CONFLICT ("
                    + String.join(", ", keys.stream().map(JdbcSink::quote).toList())
                    + ") "
                    + (updates.isEmpty()
                        ? "DO NOTHING"
                        : "DO UPDATE SET " + String.join(", ", updates)));
          } else {
            statement.execute(insert);
          }
          statement.execute("DROP TABLE " + staging);
          connection.commit();
        } catch (SQLException | RuntimeException e) {
          connection.rollback();
          throw e;
        }
      } finally {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
          statement.execute("DROP TABLE IF EXISTS " + staging);
        }
      }
      return new SinkResult(
          table + " at " + url.replaceAll("(?i)(password=)[^&;]*", "$1****"), rows);
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

  private static long count(Connection connection, String table) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT count(*) FROM " + table)) {
      result.next();
      return result.getLong(1);
    }
  }

  private static boolean exists(Connection connection, String table) throws SQLException {
    String[] parts = table.toLowerCase(Locale.ROOT).split("\\.");
    String schema = parts.length == 2 ? parts[0] : "public";
    String name = parts[parts.length - 1];
    try (var statement =
        connection.prepareStatement(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
      statement.setString(1, schema);
      statement.setString(2, name);
      try (ResultSet result = statement.executeQuery()) {
        return result.next();
      }
    }
  }
}
