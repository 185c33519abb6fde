package io.sluice.spi.spark;

import static org.apache.spark.sql.functions.udf;

import java.util.Arrays;
import java.util.function.LongSupplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.AccumulatorV2;

/**
 * Counters that tasks increment while rows stream through a filter, read on the driver after the
 * action. Counting in a filter keeps a stage one generated loop; an observation ({@code
 * Dataset.observe}) puts a node of its own between Spark's generated stages, so that every row is
 * copied once more, which cost up to a second per million rows of a wide table here. Spark merges
 * the updates of each successful task once, like an observation's.
 *
 * <p>The counters count every evaluation of the plan that carries them: read them after the first
 * action that runs it, before running it again.
 */
public final class RowCounts extends AccumulatorV2<long[], long[]> {
  private static final long serialVersionUID = 1L;
  private long[] counts;

  public RowCounts(int size) {
    this.counts = new long[size];
  }

  /** New counters registered with {@code spark}'s context under {@code name}. */
  public static RowCounts register(SparkSession spark, int size, String name) {
    RowCounts counts = new RowCounts(size);
    spark.sparkContext().register(counts, name);
    return counts;
  }

  /** Adds one to counter {@code index} (on an executor: this task's copy). */
  public void increment(int index) {
    counts[index]++;
  }

  /** Counter {@code index}, merged over the finished tasks. */
  public long get(int index) {
    return counts[index];
  }

  @Override
  public boolean isZero() {
    return Arrays.stream(counts).allMatch(c -> c == 0);
  }

  @Override
  public RowCounts copy() {
    RowCounts copy = new RowCounts(counts.length);
    copy.counts = counts.clone();
    return copy;
  }

  @Override
  public void reset() {
    counts = new long[counts.length];
  }

  @Override
  public void add(long[] more) {
    for (int i = 0; i < counts.length; i++) {
      counts[i] += more[i];
    }
  }

  @Override
  public void merge(AccumulatorV2<long[], long[]> other) {
    add(((RowCounts) other).counts);
  }

  @Override
  public long[] value() {
    return counts.clone();
  }

  /** A filter condition and the number of rows it rejected. */
  public record Filter(Column keep, LongSupplier rejected) {}

  /**
   * A condition for {@code Dataset.filter} that keeps the rows where {@code rejected} is not true
   * and counts the others; the count is valid once the action that filtered has finished.
   */
  public static Filter keepUnless(SparkSession spark, Column rejected, String name) {
    RowCounts counts = register(spark, 1, name);
    UDF1<Boolean, Boolean> count =
        bad -> {
          if (Boolean.TRUE.equals(bad)) {
            counts.increment(0);
            return false;
          }
          return true;
        };
    Column keep =
        udf(count, DataTypes.BooleanType).asNondeterministic().apply(rejected.cast("boolean"));
    return new Filter(keep, () -> counts.get(0));
  }
}
