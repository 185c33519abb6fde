package io.sluice.connector.jdbc;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructType;

/**
 * What differs between the warehouses the jdbc sink loads: column types, quoting, how a schema is
 * created, and the statements that move staged rows into the target atomically.
 */
enum JdbcDialect {
  /** PostgreSQL: transactional DDL, so overwrite drops and re-creates inside the transaction. */
  POSTGRESQL(
      "public",
      10_485_760,
      "TEXT",
      "JSONB",
      "TIMESTAMPTZ",
      "TIMESTAMP",
      "BYTEA",
      "DOUBLE PRECISION",
      "BOOLEAN") {
    @Override
    List<String> mergeInto(String table, String staging, List<String> columns, List<String> keys) {
      List<String> updates = new ArrayList<>();
      for (String column : columns) {
        if (!keys.contains(column)) {
          updates.add(quote(column) + " = EXCLUDED." + quote(column));
        }
      }
      return List.of(
          insertFrom(table, staging, columns)
              + " ON CONFLICT ("
              + String.join(", ", keys.stream().map(this::quote).toList())
              + ") "
              + (updates.isEmpty() ? "DO NOTHING" : "DO UPDATE SET " + String.join(", ", updates)));
    }

    @Override
    String scratch(String createTable) {
      return createTable.replaceFirst("^CREATE TABLE ", "CREATE UNLOGGED TABLE ");
    }

    /** TEXT and VARCHAR(n) are stored and compared alike here; a bound only costs a pass. */
    @Override
    boolean sizedStringsByDefault() {
      return false;
    }
  },
  /**
   * Amazon Redshift: VARCHAR lengths count bytes (at most 65535; its TEXT is VARCHAR(256)), SUPER
   * for nested values, keys are informational, and an upsert is the documented staging merge:
   * delete the matching rows, then insert, in one transaction.
   */
  REDSHIFT(
      "public",
      65_535,
      "VARCHAR(65535)",
      "SUPER",
      "TIMESTAMPTZ",
      "TIMESTAMP",
      "VARBYTE",
      "DOUBLE PRECISION",
      "BOOLEAN") {
    @Override
    List<String> mergeInto(String table, String staging, List<String> columns, List<String> keys) {
      String on =
          String.join(
              " AND ",
              keys.stream()
                  .map(k -> table + "." + quote(k) + " = " + staging + "." + quote(k))
                  .toList());
      return List.of(
          "DELETE FROM " + table + " USING " + staging + " WHERE " + on,
          insertFrom(table, staging, columns));
    }

    @Override
    boolean lengthsInBytes() {
      return true;
    }
  },
  /**
   * MySQL and MariaDB: DDL commits on its own, so overwrite loads a complete new table and swaps it
   * in with one atomic RENAME TABLE; long strings become MEDIUMTEXT (a row holds at most 64 KB of
   * VARCHARs), key columns stay VARCHAR (an index needs a length).
   */
  MYSQL(
      "",
      255,
      "MEDIUMTEXT",
      "JSON",
      "DATETIME(6)",
      "DATETIME(6)",
      "LONGBLOB",
      "DOUBLE",
      "BOOLEAN") {
    @Override
    String quote(String identifier) {
      return '`' + identifier.replace("`", "``") + '`';
    }

    @Override
    String createSchema(String schema) {
      return "CREATE DATABASE IF NOT EXISTS " + schema + " CHARACTER SET utf8mb4";
    }

    /** Every text in UTF-8 (4 bytes: Korean and emoji too), whatever the server's default. */
    @Override
    String tableOptions() {
      return " DEFAULT CHARSET=utf8mb4";
    }

    @Override
    List<String> mergeInto(String table, String staging, List<String> columns, List<String> keys) {
      List<String> updates = new ArrayList<>();
      for (String column : columns) {
        if (!keys.contains(column)) {
          updates.add(quote(column) + " = VALUES(" + quote(column) + ")");
        }
      }
      String update =
          updates.isEmpty()
              ? quote(keys.get(0)) + " = " + quote(keys.get(0))
              : String.join(", ", updates);
      return List.of(insertFrom(table, staging, columns) + " ON DUPLICATE KEY UPDATE " + update);
    }

    @Override
    boolean transactionalDdl() {
      return false;
    }

    @Override
    String widen(String table, String column, String type) {
      return "ALTER TABLE " + table + " MODIFY " + quote(column) + " " + type;
    }

    @Override
    boolean keysNeedLength() {
      return true;
    }

    @Override
    String keyType(int length) {
      int size = 16;
      while (size < length) {
        size *= 2;
      }
      return "VARCHAR(" + Math.min(size, 768) + ")";
    }
  };

  private final String defaultSchema;
  private final int maxVarchar;
  private final String textType;
  private final String nestedType;
  private final String instantType;
  private final String wallClockType;
  private final String binaryType;
  private final String doubleType;
  private final String booleanType;

  JdbcDialect(
      String defaultSchema,
      int maxVarchar,
      String textType,
      String nestedType,
      String instantType,
      String wallClockType,
      String binaryType,
      String doubleType,
      String booleanType) {
    this.defaultSchema = defaultSchema;
    this.maxVarchar = maxVarchar;
    this.textType = textType;
    this.nestedType = nestedType;
    this.instantType = instantType;
    this.wallClockType = wallClockType;
    this.binaryType = binaryType;
    this.doubleType = doubleType;
    this.booleanType = booleanType;
  }

  /** The dialect of a JDBC URL, or of the {@code dialect} option when it is set. */
  static JdbcDialect of(String url, Optional<String> declared) {
    if (declared.isPresent() && !declared.get().equals("auto")) {
      return valueOf(declared.get().toUpperCase(Locale.ROOT).replace("MARIADB", "MYSQL"));
    }
    if (url.startsWith("jdbc:redshift:")) {
      return REDSHIFT;
    }
    if (url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:")) {
      return MYSQL;
    }
    return POSTGRESQL;
  }

  /** Whether {@code url} is one the sink knows how to load (or 'embedded'). */
  static boolean known(String url) {
    return url.equals(JdbcConnectorFactory.EMBEDDED)
        || url.startsWith("jdbc:postgresql:")
        || url.startsWith("jdbc:redshift:")
        || url.startsWith("jdbc:mysql:")
        || url.startsWith("jdbc:mariadb:");
  }

  String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  String createSchema(String schema) {
    return "CREATE SCHEMA IF NOT EXISTS " + schema;
  }

  /** What follows a CREATE TABLE's column list. */
  String tableOptions() {
    return "";
  }

  /** The schema a one-part table name lives in; empty: the connection's database (MySQL). */
  String defaultSchema() {
    return defaultSchema;
  }

  /**
   * The DDL of a staging table whose rows are copied elsewhere before the commit: PostgreSQL skips
   * the write-ahead log for it (UNLOGGED), the others create it as it is.
   */
  String scratch(String createTable) {
    return createTable;
  }

  /** The statements that upsert the staged rows into {@code table} on {@code keys}. */
  abstract List<String> mergeInto(
      String table, String staging, List<String> columns, List<String> keys);

  String insertFrom(String table, String staging, List<String> columns) {
    String list = String.join(", ", columns.stream().map(this::quote).toList());
    return "INSERT INTO " + table + " (" + list + ") SELECT " + list + " FROM " + staging;
  }

  /** Whether CREATE and DROP take part in a transaction (so overwrite can drop and re-create). */
  boolean transactionalDdl() {
    return true;
  }

  /** Whether {@code string_type: auto} means VARCHAR(n) sized from the data (else TEXT). */
  boolean sizedStringsByDefault() {
    return true;
  }

  /** Whether a string key column needs a bounded type (an index on it needs a length). */
  boolean keysNeedLength() {
    return false;
  }

  /** The statement that widens {@code column} of {@code table} to {@code type}. */
  String widen(String table, String column, String type) {
    return "ALTER TABLE " + table + " ALTER COLUMN " + quote(column) + " TYPE " + type;
  }

  /** The SQL function that measures a string as VARCHAR(n) counts it. */
  String lengthFunction() {
    return lengthsInBytes() ? "OCTET_LENGTH" : "CHAR_LENGTH";
  }

  /** Whether VARCHAR(n) counts bytes rather than characters. */
  boolean lengthsInBytes() {
    return false;
  }

  /** The type of a string key column of {@code length} characters (MySQL indexes need one). */
  String keyType(int length) {
    return stringType(length);
  }

  /** A string column whose longest value has {@code length} characters (bytes); -1: unbounded. */
  String stringType(int length) {
    if (length < 0 || length > maxVarchar) {
      return textType;
    }
    int size = 16;
    while (size < length) {
      size *= 2;
    }
    return "VARCHAR(" + Math.min(size, maxVarchar) + ")";
  }

  /** The column type of a Spark type (strings go through {@link #stringType}). */
  String sqlType(DataType type) {
    if (type instanceof DecimalType decimal) {
      return (this == MYSQL ? "DECIMAL(" : "NUMERIC(")
          + decimal.precision()
          + ","
          + decimal.scale()
          + ")";
    }
    if (type instanceof ArrayType || type instanceof StructType || type instanceof MapType) {
      return nestedType;
    }
    Map<DataType, String> simple =
        Map.ofEntries(
            Map.entry(DataTypes.ByteType, "SMALLINT"),
            Map.entry(DataTypes.ShortType, "SMALLINT"),
            Map.entry(DataTypes.IntegerType, "INTEGER"),
            Map.entry(DataTypes.LongType, "BIGINT"),
            Map.entry(DataTypes.FloatType, "REAL"),
            Map.entry(DataTypes.DoubleType, doubleType),
            Map.entry(DataTypes.BooleanType, booleanType),
            Map.entry(DataTypes.DateType, "DATE"),
            Map.entry(DataTypes.TimestampType, instantType),
            Map.entry(DataTypes.TimestampNTZType, wallClockType),
            Map.entry(DataTypes.BinaryType, binaryType));
    String sql = simple.get(type);
    if (sql == null) {
      throw new SluiceException(
          ErrorCode.INVALID_VALUE,
          "Cannot map Spark type "
              + type.simpleString()
              + " to a "
              + name().toLowerCase(Locale.ROOT)
              + " column type; set it in column_types");
    }
    return sql;
  }
}
