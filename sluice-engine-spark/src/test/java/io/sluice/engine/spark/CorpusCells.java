package io.sluice.engine.spark;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;

/**
 * Query results as the text a SQL reference prints: numbers without trailing zeros, NULL for null,
 * arrays, structs and VARIANTs as JSON, binary values in hexadecimal, no trailing blanks.
 */
final class CorpusCells {
  private CorpusCells() {}

  /** Every row of {@code result} as cells. */
  static List<List<String>> rows(Dataset<Row> result) {
    StructField[] fields = result.schema().fields();
    String[] names = new String[fields.length];
    for (int i = 0; i < names.length; i++) {
      names[i] = "c" + i; // a query may repeat a column name
    }
    Dataset<Row> renamed = result.toDF(names);
    Column[] asText = new Column[fields.length];
    for (int i = 0; i < fields.length; i++) {
      Column column = renamed.col(names[i]);
      DataType type = fields[i].dataType();
      if (type instanceof BinaryType) {
        asText[i] = functions.lower(functions.hex(column));
      } else if (type.typeName().matches("array|struct|map|variant")) {
        asText[i] = functions.to_json(column);
      } else {
        asText[i] = column.cast("string");
      }
      asText[i] = asText[i].as("c" + i);
    }
    List<List<String>> rows = new ArrayList<>();
    for (Row row : renamed.select(asText).collectAsList()) {
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < row.length(); i++) {
        cells.add(normal(row.isNullAt(i) ? null : row.getString(i)));
      }
      rows.add(cells);
    }
    return rows;
  }

  /** Numbers without trailing zeros; NULL for null; no trailing blanks. */
  static String normal(String value) {
    if (value == null) {
      return "NULL";
    }
    String text = value.stripTrailing();
    if (text.matches("-?\\d+\\.\\d+")) {
      return new BigDecimal(text).stripTrailingZeros().toPlainString();
    }
    return text;
  }

  /** Numeric cells rounded half up to {@code decimals}, then without trailing zeros. */
  static List<List<String>> rounded(List<List<String>> rows, int decimals) {
    List<List<String>> out = new ArrayList<>();
    for (List<String> row : rows) {
      List<String> cells = new ArrayList<>();
      for (String cell : row) {
        cells.add(
            cell.matches("-?\\d+(\\.\\d+)?")
                ? new BigDecimal(cell)
                    .setScale(decimals, RoundingMode.HALF_UP)
                    .stripTrailingZeros()
                    .toPlainString()
                : cell);
      }
      out.add(cells);
    }
    return out;
  }

  /** Rows in a fixed order, for comparing results whose order the query leaves open. */
  static List<List<String>> sorted(List<List<String>> rows) {
    List<List<String>> copy = new ArrayList<>(rows);
    copy.sort((a, b) -> String.join("\u0000", a).compareTo(String.join("\u0000", b)));
    return copy;
  }
}
