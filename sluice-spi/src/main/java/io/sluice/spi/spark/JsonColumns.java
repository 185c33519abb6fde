package io.sluice.spi.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;

import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.StructType;

/**
 * JSON text read with declared columns, the way sources that carry JSON (Kafka values, MongoDB
 * documents) type their records: parsed with exactly the declared schema (never inferred), in
 * Spark's permissive mode with a column that holds the text of a record whose fields do not fit, so
 * that such records can be set aside with a reason instead of turning into nulls.
 */
public final class JsonColumns {
  /** The column that holds a record that does not fit the declared columns. */
  public static final String CORRUPT = "_corrupt_record";

  private JsonColumns() {}

  /** The declared columns (name: Spark SQL type, in order) and the corrupt-record column. */
  public static StructType schema(Map<String, String> columns) {
    StringBuilder ddl = new StringBuilder();
    columns.forEach(
        (name, type) ->
            ddl.append('`').append(name.replace("`", "``")).append("` ").append(type).append(", "));
    ddl.append(CORRUPT).append(" string");
    return StructType.fromDDL(ddl.toString());
  }

  /** The struct that {@code text} parses to with the declared columns. */
  public static Column parse(Column text, Map<String, String> columns) {
    return from_json(
        text, schema(columns), Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", CORRUPT));
  }

  /** Whether the struct {@code parsed} (from {@link #parse}) is a record that does not fit. */
  public static Column bad(String parsed) {
    return col(parsed).isNull().or(col(parsed + "." + CORRUPT).isNotNull());
  }

  /** The declared columns out of the struct {@code parsed}, by their names, in order. */
  public static Column[] fields(String parsed, Map<String, String> columns) {
    return columns.keySet().stream()
        .map(name -> col(parsed + ".`" + name.replace("`", "``") + "`").as(name))
        .toArray(Column[]::new);
  }

  /** The declared columns as "name type, ...", for messages. */
  public static String declared(Map<String, String> columns) {
    StringBuilder text = new StringBuilder();
    columns.forEach(
        (name, type) ->
            text.append(text.length() == 0 ? "" : ", ").append(name).append(' ').append(type));
    return text.toString();
  }
}
