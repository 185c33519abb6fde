package io.sluice.engine.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.sluice.spec.ReconcileSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Compares a dataset with what a sink's target holds: row counts, distinct key values and column
 * sums, each computed on both sides in one aggregation.
 */
final class Reconciliation {
  private Reconciliation() {}

  /** One measure on both sides. */
  record Measure(String name, Object dataset, Object target) {
    boolean matches() {
      if (dataset instanceof Number a && target instanceof Number b) {
        return new java.math.BigDecimal(a.toString())
                .compareTo(new java.math.BigDecimal(b.toString()))
            == 0;
      }
      return Objects.equals(dataset, target);
    }

    @Override
    public String toString() {
      return name + ": dataset " + dataset + ", target " + target + (matches() ? "" : " (differs)");
    }
  }

  /** The measures, in order: rows, then distinct keys, then sums. */
  static List<Measure> compare(Dataset<Row> dataset, Dataset<Row> target, ReconcileSpec spec) {
    Map<String, Column> measures = new LinkedHashMap<>();
    if (spec.rows() || (spec.keys().isEmpty() && spec.sums().isEmpty())) {
      measures.put("rows", count(lit(1)));
    }
    if (!spec.keys().isEmpty()) {
      Column[] keys = spec.keys().stream().map(k -> col(quote(k))).toArray(Column[]::new);
      measures.put(
          "distinct " + String.join(", ", spec.keys()),
          countDistinct(keys[0], java.util.Arrays.copyOfRange(keys, 1, keys.length)));
    }
    for (String column : spec.sums()) {
      measures.put("sum(" + column + ")", sum(col(quote(column))));
    }
    Row left = aggregate(dataset, measures);
    Row right = aggregate(target, measures);
    List<Measure> result = new ArrayList<>();
    int i = 0;
    for (String name : measures.keySet()) {
      result.add(new Measure(name, left.get(i), right.get(i)));
      i++;
    }
    return result;
  }

  private static Row aggregate(Dataset<Row> frame, Map<String, Column> measures) {
    List<Column> columns = new ArrayList<>();
    measures.forEach((name, column) -> columns.add(column.as(name)));
    return frame
        .agg(columns.get(0), columns.subList(1, columns.size()).toArray(Column[]::new))
        .first();
  }

  private static String quote(String name) {
    return '`' + name.replace("`", "``") + '`';
  }
}
