package io.sluice.engine.spark;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Spark values as display text: arrays as {@code [a, b]}, doubles without an exponent. */
public final class Cells {
  private Cells() {}

  /** The display text of a non-null value of a Spark row. */
  public static String text(Object value) {
    if (value instanceof scala.collection.Seq<?> seq) {
      List<String> items = new ArrayList<>();
      scala.jdk.javaapi.CollectionConverters.asJava(seq)
          .forEach(item -> items.add(item == null ? "NULL" : text(item)));
      return "[" + String.join(", ", items) + "]";
    }
    if (value instanceof Double number && !number.isNaN() && !number.isInfinite()) {
      return BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
    }
    return String.valueOf(value);
  }
}
