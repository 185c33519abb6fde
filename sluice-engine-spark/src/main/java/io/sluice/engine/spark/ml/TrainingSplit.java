package io.sluice.engine.spark.ml;

import static org.apache.spark.sql.functions.col;

import io.sluice.engine.spark.LakeTables;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;

/**
 * The rows a model learns from, split by time: the features as they are (numbers and booleans,
 * which the saved model reads the same way when it scores), the label as a double, and the split
 * column as epoch seconds. Rows with a null feature, label or time are left out and counted. The
 * newest {@code testFraction} of the rows by time are the test split.
 */
final class TrainingSplit implements AutoCloseable {
  static final String TIME = "_time";

  final Dataset<Row> all;
  final Dataset<Row> train;
  final Dataset<Row> test;
  final double splitAt;
  final long trainRows;
  final long testRows;
  final long skippedRows;

  private TrainingSplit(
      Dataset<Row> all,
      Dataset<Row> train,
      Dataset<Row> test,
      double splitAt,
      long trainRows,
      long testRows,
      long skippedRows) {
    this.all = all;
    this.train = train;
    this.test = test;
    this.splitAt = splitAt;
    this.trainRows = trainRows;
    this.testRows = testRows;
    this.skippedRows = skippedRows;
  }

  /**
   * Splits {@code source} at {@code splitAt} (epoch seconds) when given, else at the time that
   * leaves {@code testFraction} of the rows after it; {@code sourceRows} is how many rows the
   * source has, when known without counting them.
   */
  static TrainingSplit of(
      Dataset<Row> source,
      String input,
      String label,
      List<String> features,
      String splitBy,
      double testFraction,
      java.util.OptionalDouble splitAt,
      java.util.OptionalLong sourceRows) {
    check(source, input, label, features, splitBy);
    List<Column> columns = new ArrayList<>();
    for (String feature : features) {
      columns.add(col(LakeTables.quote(feature)));
    }
    columns.add(col(LakeTables.quote(label)).cast("double").as(MllibAlgorithms.LABEL));
    columns.add(col(LakeTables.quote(splitBy)).cast("timestamp").cast("double").as(TIME));
    Dataset<Row> selected = source.select(columns.toArray(Column[]::new));
    // A day-partitioned table is read in many small splits: fitting a model runs a job per tree
    // level and iteration, so its rows are spread over one partition per core once, and kept.
    int cores = Math.max(1, source.sparkSession().sparkContext().defaultParallelism());
    Dataset<Row> complete =
        selected.na().drop().repartition(cores).persist(StorageLevel.MEMORY_AND_DISK());
    // the input's row count comes from its snapshot's summary when it has one: no extra scan
    long total = sourceRows.isPresent() ? sourceRows.getAsLong() : source.count();
    long kept = complete.count();
    if (kept < 10) {
      complete.unpersist();
      throw new SluiceException(
          ErrorCode.INVALID_VALUE,
          "Cannot train on "
              + input
              + ": "
              + kept
              + " of its "
              + total
              + " rows have every feature, the label and "
              + splitBy
              + " (at least 10 are needed)");
    }
    double cut =
        splitAt.isPresent()
            ? splitAt.getAsDouble()
            : complete.stat().approxQuantile(TIME, new double[] {1 - testFraction}, 1e-4)[0];
    Dataset<Row> train = complete.where(col(TIME).lt(cut));
    Dataset<Row> test = complete.where(col(TIME).geq(cut));
    long trainRows = train.count();
    long testRows = kept - trainRows;
    if (trainRows == 0 || testRows == 0) {
      complete.unpersist();
      throw new SluiceException(
          ErrorCode.INVALID_VALUE,
          "Cannot split "
              + input
              + " by "
              + splitBy
              + ": every row falls on one side of "
              + java.time.Instant.ofEpochMilli((long) (cut * 1000))
              + " (the rows need more than one point in time)");
    }
    return new TrainingSplit(complete, train, test, cut, trainRows, testRows, total - kept);
  }

  /** The older {@code 1 - share} of the training rows and the newest {@code share}, to validate. */
  List<Dataset<Row>> validation(double share) {
    double cut = train.stat().approxQuantile(TIME, new double[] {1 - share}, 1e-4)[0];
    return List.of(train.where(col(TIME).lt(cut)), train.where(col(TIME).geq(cut)));
  }

  private static void check(
      Dataset<Row> source, String input, String label, List<String> features, String splitBy) {
    Set<String> known = new TreeSet<>(Arrays.asList(source.columns()));
    List<String> wanted = new ArrayList<>(features);
    wanted.add(label);
    wanted.add(splitBy);
    for (String column : wanted) {
      if (!known.contains(column)) {
        throw new SluiceException(
            ErrorCode.UNDEFINED_REFERENCE,
            "Cannot train on "
                + input
                + ": it has no column '"
                + column
                + "'; its columns are "
                + String.join(", ", known));
      }
    }
    for (String feature : features) {
      StructField field = source.schema().apply(feature);
      DataType type = field.dataType();
      if (!(type instanceof NumericType) && !(type instanceof BooleanType)) {
        throw new SluiceException(
            ErrorCode.INVALID_VALUE,
            "Cannot use column '"
                + feature
                + "' of "
                + input
                + " as a feature: it is "
                + type.simpleString()
                + "; features are numbers or booleans (compute one in the input's SQL, such as"
                + " hour(pickup_at))");
      }
    }
  }

  @Override
  public void close() {
    all.unpersist();
  }
}
