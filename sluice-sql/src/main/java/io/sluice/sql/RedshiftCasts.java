package io.sluice.sql;

import static io.sluice.sql.SqlBuild.castTo;
import static io.sluice.sql.SqlBuild.error;
import static io.sluice.sql.SqlBuild.fn;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/** Casts to Redshift types, as casts to Spark's. */
final class RedshiftCasts {
  private RedshiftCasts() {}

  /** Redshift type names and Spark's. */
  private static final Map<String, String> TYPES =
      Map.ofEntries(
          Map.entry("VARCHAR", "STRING"),
          Map.entry("CHAR", "STRING"),
          Map.entry("CHARACTER", "STRING"),
          Map.entry("NVARCHAR", "STRING"),
          Map.entry("NCHAR", "STRING"),
          Map.entry("BPCHAR", "STRING"),
          Map.entry("TEXT", "STRING"),
          Map.entry("INT2", "SMALLINT"),
          Map.entry("SMALLINT", "SMALLINT"),
          Map.entry("INT", "INT"),
          Map.entry("INT4", "INT"),
          Map.entry("INTEGER", "INT"),
          Map.entry("INT8", "BIGINT"),
          Map.entry("BIGINT", "BIGINT"),
          Map.entry("FLOAT4", "FLOAT"),
          Map.entry("REAL", "FLOAT"),
          Map.entry("FLOAT", "DOUBLE"),
          Map.entry("FLOAT8", "DOUBLE"),
          Map.entry("DOUBLE", "DOUBLE"),
          Map.entry("BOOL", "BOOLEAN"),
          Map.entry("BOOLEAN", "BOOLEAN"),
          Map.entry("DATE", "DATE"),
          Map.entry("TIMESTAMP", "TIMESTAMP"),
          Map.entry("TIMESTAMPTZ", "TIMESTAMP"),
          Map.entry("TIMESTAMP_WITH_LOCAL_TIME_ZONE", "TIMESTAMP"),
          Map.entry("VARBYTE", "BINARY"),
          Map.entry("VARBINARY", "BINARY"),
          Map.entry("BINARY_VARYING", "BINARY"),
          Map.entry("TIME", "STRING"));

  /** Types Spark has nothing for, with what to write instead. */
  private static final Map<String, String> REFUSED =
      Map.of(
          "TIMETZ",
          "Spark has no time-of-day type: keep the value as a string, or cast it to TIMESTAMPTZ",
          "SUPER",
          "a SUPER value is a JSON_PARSE result in Spark (a VARIANT): write JSON_PARSE(x)");

  private static final Set<String> INTEGRAL = Set.of("SMALLINT", "INT", "BIGINT");

  static SqlNode cast(SqlNode value, SqlDataTypeSpec type) throws SqlTranslationException {
    String typeName = type.getTypeName().getSimple().toUpperCase(Locale.ROOT);
    if (typeName.equals("DECIMAL") || typeName.equals("NUMERIC")) {
      return SqlStdOperatorTable.CAST.createCall(SqlBuild.POS, value, type); // p, s kept
    }
    if (REFUSED.containsKey(typeName)) {
      throw error(type, "type " + typeName + " has no Spark equivalent: " + REFUSED.get(typeName));
    }
    String spark = TYPES.get(typeName);
    if (spark == null) {
      throw error(type, "type " + typeName + " has no Spark equivalent");
    }
    if (spark.startsWith("TIMESTAMP") || spark.equals("DATE")) {
      return castTo(RedshiftDates.moment(value), spark);
    }
    if (INTEGRAL.contains(spark) && !(value instanceof SqlLiteral)) {
      // Redshift rounds a numeric or float cast to an integer type (10.5::int = 11); Spark
      // truncates. round() leaves integers and numeric strings as they are.
      return castTo(fn("round", value), spark);
    }
    return castTo(value, spark);
  }
}
