package io.sluice.engine.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * The range of a micro-batch's keys, as conditions on the target table: a stream that keeps one row
 * per key compares each batch with the table, and without them that reads every key of a table that
 * grows by the minute. With them, Iceberg reads only the files whose column statistics overlap the
 * batch's range; when keys grow with time (event ids, offsets, timestamps as numbers) that is the
 * newest files. Integral and string keys get a range; other types none.
 */
final class KeyRanges {
  private KeyRanges() {}

  /**
   * {@code `key` BETWEEN lo AND hi} for each key of {@code rows} (computed once: a local
   * checkpoint) that has a range, to be qualified with the target's alias; empty when none has.
   */
  static List<String> of(Dataset<Row> rows, List<String> keys) {
    List<String> ranged = new ArrayList<>();
    List<Column> bounds = new ArrayList<>();
    for (String key : keys) {
      // SQL names are case-insensitive: keys: [ID] names the column id
      java.util.Optional<DataType> found =
          java.util.Arrays.stream(rows.schema().fields())
              .filter(field -> field.name().equalsIgnoreCase(key))
              .map(org.apache.spark.sql.types.StructField::dataType)
              .findFirst();
      if (found.isEmpty()) {
        continue;
      }
      DataType type = found.get();
      if (type.equals(DataTypes.LongType)
          || type.equals(DataTypes.IntegerType)
          || type.equals(DataTypes.ShortType)
          || type.equals(DataTypes.ByteType)
          || type.equals(DataTypes.StringType)) {
        Column column = functions.col(LakeTables.quote(key));
        ranged.add(key);
        bounds.add(functions.min(column));
        bounds.add(functions.max(column));
      }
    }
    if (ranged.isEmpty()) {
      return List.of();
    }
    Row found =
        rows.agg(bounds.get(0), bounds.subList(1, bounds.size()).toArray(Column[]::new)).first();
    List<String> conditions = new ArrayList<>();
    for (int i = 0; i < ranged.size(); i++) {
      Object lo = found.get(2 * i);
      Object hi = found.get(2 * i + 1);
      if (lo != null && hi != null) { // all null: those rows match nothing anyway
        conditions.add(
            LakeTables.quote(ranged.get(i)) + " BETWEEN " + literal(lo) + " AND " + literal(hi));
      }
    }
    return conditions;
  }

  /** A Spark SQL literal of a key's bound. */
  static String literal(Object value) {
    if (value instanceof Number number) {
      return number.toString();
    }
    return "'" + value.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
