package io.sluice.engine.spark;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import io.sluice.spec.DatasetSpec;
import io.sluice.spec.ExpectationSpec;
import io.sluice.spec.OnFail;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A dataset's expectations as Spark columns: {@code fail} checks enforced on the rows (a failing
 * row fails the step with the row in the message), and for the others a bit mask per row, one bit
 * per check, each check evaluated once, from which the quarantined and dropped rows and their
 * reasons follow.
 */
final class Expectations {
  static final String MASK = "_sluice_check_mask";

  private Expectations() {}

  /**
   * The input with its {@code fail} checks enforced ({@code checked}) and the expression of a mask
   * whose bit {@code i} says that a row failed {@code counted.get(i)}, one of the other checks
   * (each check evaluated once).
   */
  record Masked(
      Dataset<Row> checked,
      Column mask,
      List<ExpectationSpec> counted,
      long quarantineBits,
      long dropBits) {
    /** The checked rows with their mask as column {@value #MASK}. */
    Dataset<Row> frame() {
      return checked.withColumn(MASK, mask);
    }

    /** Whether a row of {@code frame} is to be quarantined. */
    Column quarantined() {
      return col(MASK).bitwiseAND(lit(quarantineBits)).notEqual(lit(0L));
    }

    /** The names of the checks a row failed, from its mask. */
    Column reasons(Column mask) {
      List<Column> names = new ArrayList<>();
      for (int i = 0; i < counted.size(); i++) {
        names.add(
            when(mask.bitwiseAND(lit(1L << i)).notEqual(lit(0L)), lit(counted.get(i).name())));
      }
      return names.isEmpty()
          ? array().cast("array<string>")
          : array_compact(array(names.toArray(Column[]::new)));
    }
  }

  static Masked mask(DatasetSpec spec, Dataset<Row> input) {
    List<ExpectationSpec> checks = spec.expectations();
    Dataset<Row> frame = input;
    List<ExpectationSpec> counted = new ArrayList<>();
    Column mask = lit(0L);
    long quarantineBits = 0;
    long dropBits = 0;
    for (ExpectationSpec check : checks) {
      Column failed = not(coalesce(expr(check.check()), lit(false)));
      if (check.onFail() == OnFail.FAIL) {
        frame =
            frame.filter(
                when(
                        failed,
                        raise_error(
                            concat_ws(
                                "",
                                lit(
                                    "Cannot accept a row of dataset "
                                        + spec.name()
                                        + ": check '"
                                        + check.name()
                                        + "' ("
                                        + check.check()
                                        + ") failed (on_fail: fail). Row: "),
                                to_json(struct(rowColumns(input.columns()))))))
                    .isNull());
        continue;
      }
      long bit = 1L << counted.size();
      counted.add(check);
      mask = mask.bitwiseOR(when(failed, lit(bit)).otherwise(lit(0L)));
      if (check.onFail() == OnFail.QUARANTINE) {
        quarantineBits |= bit;
      } else if (check.onFail() == OnFail.DROP) {
        dropBits |= bit;
      }
    }
    return new Masked(frame, mask, counted, quarantineBits, dropBits);
  }

  static Column[] rowColumns(String[] columns) {
    return java.util.Arrays.stream(columns)
        .filter(c -> !c.equals(MASK))
        .map(c -> col(LakeTables.quote(c)))
        .toArray(Column[]::new);
  }
}
