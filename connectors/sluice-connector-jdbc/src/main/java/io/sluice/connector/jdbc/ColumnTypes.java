package io.sluice.connector.jdbc;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.octet_length;

import io.sluice.spi.ResolvedOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The column types of a loaded table: derived from the dataset's schema (strings sized from the
 * data where the warehouse wants a bound), the CREATE TABLE text, and the widening of a target's
 * bounded string columns that a later append or merge would overflow.
 */
final class ColumnTypes {
  private static final Pattern BOUNDED = Pattern.compile("(?i)\\s*VARCHAR\\s*\\((\\d+)\\)\\s*");
  private static final List<String> STRING_TYPES =
      List.of("VARCHAR", "CHARACTER VARYING", "TEXT", "MEDIUMTEXT", "LONGTEXT");

  private ColumnTypes() {}

  /**
   * Whether string columns get VARCHAR(n) sized from the data: {@code string_type: sized}, or
   * {@code auto} on a warehouse where the bound matters (Redshift, MySQL); PostgreSQL's TEXT is
   * stored and compared like VARCHAR(n) and needs no measuring pass.
   */
  static boolean sizedStrings(ResolvedOptions options, JdbcDialect dialect) {
    String strings = options.get(JdbcConnectorFactory.STRING_TYPE);
    return strings.equals("sized") || (strings.equals("auto") && dialect.sizedStringsByDefault());
  }

  /** The types {@code sluice plan} shows before any data exists: measured strings as VARCHAR(n). */
  static Map<String, String> described(
      StructType schema,
      Map<String, String> overrides,
      boolean sizedStrings,
      JdbcDialect dialect,
      List<String> keys) {
    return types(
        schema,
        overrides,
        name -> measured(name, sizedStrings, dialect, keys) ? "VARCHAR(n)" : dialect.stringType(-1),
        dialect);
  }

  /**
   * The column definitions for {@code data}: name -> SQL type, the strings that are sized measured
   * (in characters, or bytes where the warehouse counts bytes) in one aggregation.
   */
  static Map<String, String> of(
      Dataset<Row> data,
      Map<String, String> overrides,
      boolean sizedStrings,
      JdbcDialect dialect,
      List<String> keys) {
    StructType schema = data.schema();
    Map<String, Integer> lengths = new LinkedHashMap<>();
    List<Column> measures = new ArrayList<>();
    for (StructField field : schema.fields()) {
      if (field.dataType().equals(DataTypes.StringType)
          && !overrides.containsKey(field.name())
          && measured(field.name(), sizedStrings, dialect, keys)) {
        Column value = col(sparkName(field.name()));
        measures.add(
            max(dialect.lengthsInBytes() ? octet_length(value) : length(value)).as(field.name()));
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
    return types(
        schema,
        overrides,
        name ->
            keys.contains(name)
                ? dialect.keyType(lengths.getOrDefault(name, -1))
                : dialect.stringType(lengths.getOrDefault(name, -1)),
        dialect);
  }

  private static boolean measured(
      String name, boolean sizedStrings, JdbcDialect dialect, List<String> keys) {
    return sizedStrings || (dialect.keysNeedLength() && keys.contains(name));
  }

  /**
   * Each column's SQL type: the override, else {@code stringType} of the column's name for a
   * string, else the dialect's type.
   */
  private static Map<String, String> types(
      StructType schema,
      Map<String, String> overrides,
      Function<String, String> stringType,
      JdbcDialect dialect) {
    Map<String, String> types = new LinkedHashMap<>();
    for (StructField field : schema.fields()) {
      String override = overrides.get(field.name());
      types.put(
          field.name(),
          override != null
              ? override
              : field.dataType().equals(DataTypes.StringType)
                  ? stringType.apply(field.name())
                  : dialect.sqlType(field.dataType()));
    }
    return types;
  }

  /** CREATE TABLE text for {@code table} with {@code types} (and a primary key on {@code keys}). */
  static String createTable(
      String table, Map<String, String> types, List<String> keys, JdbcDialect dialect) {
    StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(table).append(" (");
    boolean first = true;
    for (Map.Entry<String, String> e : types.entrySet()) {
      ddl.append(first ? "" : ", ")
          .append(dialect.quote(e.getKey()))
          .append(' ')
          .append(e.getValue());
      first = false;
    }
    if (!keys.isEmpty()) {
      ddl.append(", PRIMARY KEY (")
          .append(String.join(", ", keys.stream().map(dialect::quote).toList()))
          .append(')');
    }
    return ddl.append(')').append(dialect.tableOptions()).toString();
  }

  /**
   * Widens the existing {@code table}'s VARCHAR(n) columns that a staged value is longer than (an
   * append or merge of rows longer than the first load's), to the dialect's type for the staged
   * longest value; returns what it widened, as "column VARCHAR(m)". Only string columns whose
   * staged type could exceed the target's bound are measured, in one query on the staging table.
   */
  static List<String> widen(
      Connection connection,
      JdbcDialect dialect,
      String table,
      String[] schemaAndName,
      String staging,
      Map<String, String> staged)
      throws SQLException {
    Map<String, Integer> bounds = bounds(connection, schemaAndName);
    List<String> candidates = new ArrayList<>();
    for (Map.Entry<String, String> e : staged.entrySet()) {
      Integer bound = bounds.get(e.getKey().toLowerCase(Locale.ROOT));
      if (bound != null && isString(e.getValue())) {
        Matcher sized = BOUNDED.matcher(e.getValue());
        if (!sized.matches() || Integer.parseInt(sized.group(1)) > bound) {
          candidates.add(e.getKey());
        }
      }
    }
    List<String> widened = new ArrayList<>();
    if (candidates.isEmpty()) {
      return widened;
    }
    StringBuilder query = new StringBuilder("SELECT ");
    for (int i = 0; i < candidates.size(); i++) {
      query
          .append(i == 0 ? "" : ", ")
          .append("MAX(")
          .append(dialect.lengthFunction())
          .append('(')
          .append(dialect.quote(candidates.get(i)))
          .append("))");
    }
    query.append(" FROM ").append(staging);
    try (Statement statement = connection.createStatement();
        ResultSet longest = statement.executeQuery(query.toString())) {
      longest.next();
      for (int i = 0; i < candidates.size(); i++) {
        String column = candidates.get(i);
        int length = longest.getInt(i + 1);
        if (length > bounds.get(column.toLowerCase(Locale.ROOT))) {
          String type = dialect.stringType(length);
          try (Statement alter = connection.createStatement()) {
            alter.execute(dialect.widen(table, column, type));
          }
          widened.add(column + " " + type);
        }
      }
    }
    return widened;
  }

  private static boolean isString(String type) {
    String upper = type.trim().toUpperCase(Locale.ROOT);
    return STRING_TYPES.stream().anyMatch(upper::startsWith);
  }

  /** The target's bounded string columns (lower-case name -> n of VARCHAR(n)). */
  private static Map<String, Integer> bounds(Connection connection, String[] schemaAndName)
      throws SQLException {
    Map<String, Integer> bounds = new LinkedHashMap<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT column_name, character_maximum_length FROM information_schema.columns"
                + " WHERE table_schema = ? AND table_name = ?"
                + " AND LOWER(data_type) IN ('character varying', 'varchar')")) {
      statement.setString(1, schemaAndName[0]);
      statement.setString(2, schemaAndName[1]);
      try (ResultSet columns = statement.executeQuery()) {
        while (columns.next()) {
          int length = columns.getInt(2);
          if (!columns.wasNull()) {
            bounds.put(columns.getString(1).toLowerCase(Locale.ROOT), length);
          }
        }
      }
    }
    return bounds;
  }

  /** A Spark column reference that survives dots and spaces in the name. */
  static String sparkName(String name) {
    return '`' + name.replace("`", "``") + '`';
  }
}
