package io.sluice.engine.spark;

import io.sluice.spec.DatasetSpec;
import io.sluice.spi.WriteMode;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Writes a frame into an Iceberg table with the dataset's mode. Every mode is one Iceberg commit: a
 * failure leaves the table as it was. Overwrite and merge are idempotent.
 */
final class LakeWriter {
  private LakeWriter() {}

  /**
   * Whether writes keep one row per key: a streaming dataset with {@code keys} (records that a
   * sender retried arrive twice and are written once).
   */
  static boolean deduplicates(DatasetSpec spec) {
    return spec.streaming().isPresent() && !spec.keys().isEmpty();
  }

  /**
   * Whether writes replace a key's row by a newer one: a streaming dataset with {@code keys} and
   * {@code keep: last}.
   */
  static boolean upserts(DatasetSpec spec) {
    return deduplicates(spec) && spec.keepLast();
  }

  static void write(
      SparkSession spark, Dataset<Row> frame, DatasetSpec spec, String table, String runId) {
    Dataset<Row> data = deduplicates(spec) ? distinctKeys(frame, spec) : frame;
    String view =
        "sluice_src_"
            + runId.replaceAll("[^A-Za-z0-9]", "_")
            + "_"
            + Integer.toHexString(table.hashCode());
    data.createOrReplaceTempView(view);
    try {
      String partitioning =
          spec.partitionBy().isEmpty()
              ? ""
              : " PARTITIONED BY (" + String.join(", ", spec.partitionBy()) + ")";
      WriteMode mode = spec.mode();
      // CREATE OR REPLACE needs no lookup: only the other modes ask whether the table exists.
      boolean exists =
          (mode != WriteMode.OVERWRITE || deduplicates(spec) || spec.overwritePartitions())
              && LakeTables.exists(spark, table);
      if (upserts(spec) && exists) {
        upsert(spark, data, spec, table, view);
      } else if (deduplicates(spec) && exists) {
        // computed once (the checks' counts stay exact) for the keys' range and the MERGE
        Dataset<Row> rows = data.localCheckpoint(true);
        rows.createOrReplaceTempView(view);
        spark.sql(insertNew(table, view, spec.keys(), KeyRanges.of(rows, spec.keys())));
      } else if (mode == WriteMode.OVERWRITE && spec.overwritePartitions() && exists) {
        // Hive's INSERT OVERWRITE ... PARTITION: the partitions the rows fall in are replaced
        try {
          data.writeTo(table).overwritePartitions();
        } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
          throw new IllegalStateException(
              "Cannot find " + table + ", which existed a moment ago", e);
        }
      } else if (mode == WriteMode.OVERWRITE || !exists) {
        String verb = mode == WriteMode.OVERWRITE ? "CREATE OR REPLACE TABLE " : "CREATE TABLE ";
        spark.sql(
            verb
                + table
                + " USING iceberg"
                + partitioning
                + properties(spec)
                + " AS SELECT * FROM "
                + view);
      } else if (mode == WriteMode.APPEND) {
        spark.sql("INSERT INTO " + table + " BY NAME SELECT * FROM " + view);
      } else {
        // Spark 4.1 with Iceberg 1.11 cannot plan a MERGE whose source view reads an Iceberg table
        // ("No plan for TableReference", apache/iceberg#16451): merge from a local checkpoint of
        // the rows (computed once, so observed counts stay exact) instead.
        data.localCheckpoint(true).createOrReplaceTempView(view);
        spark.sql(merge(table, view, spec.keys(), List.of()));
      }
    } finally {
      spark.catalog().dropTempView(view);
    }
  }

  /**
   * Writes a micro-batch into a table that keeps the last row of each key: the batch's rows are
   * computed once; when none of their keys is in the table yet (the usual case for a stream of new
   * records) they are appended, and only a batch that carries newer versions of existing keys pays
   * for a MERGE. Finding out reads the table's key columns alone.
   */
  private static void upsert(
      SparkSession spark, Dataset<Row> data, DatasetSpec spec, String table, String view) {
    // Spark 4.1 with Iceberg 1.11 cannot plan a MERGE whose source view reads an Iceberg table
    // (see the merge mode below): the rows are a local checkpoint, computed once.
    Dataset<Row> rows = data.localCheckpoint(true);
    rows.createOrReplaceTempView(view);
    Column[] keys =
        spec.keys().stream().map(k -> functions.col(LakeTables.quote(k))).toArray(Column[]::new);
    Column on = functions.lit(true);
    for (String key : spec.keys()) {
      String quoted = LakeTables.quote(key);
      on = on.and(functions.col("t." + quoted).eqNullSafe(functions.col("b." + quoted)));
    }
    List<String> ranges = KeyRanges.of(rows, spec.keys());
    Dataset<Row> target = spark.table(table);
    for (String range : ranges) {
      target = target.filter(functions.expr(range));
    }
    boolean known =
        !target.select(keys).as("t").join(rows.select(keys).as("b"), on, "left_semi").isEmpty();
    if (known) {
      spark.sql(merge(table, view, spec.keys(), ranges));
    } else {
      spark.sql("INSERT INTO " + table + " BY NAME SELECT * FROM " + view);
    }
  }

  /**
   * Properties of every table Sluice creates: Iceberg deletes metadata files beyond the newest 100
   * after each commit (without this, every write leaves one more for good).
   */
  static final String METADATA_PROPERTIES =
      "'write.metadata.delete-after-commit.enabled' = 'true',"
          + " 'write.metadata.previous-versions-max' = '100'";

  /**
   * Table properties: the metadata ones, and for scores (mostly distinct numbers, for which
   * Parquet's dictionary encoding only costs a hash lookup per value before it gives up) no
   * dictionary on the score columns; a small dictionary limit makes the other columns give up at
   * once when they are as distinct (low-cardinality columns such as the label still fit).
   */
  private static String properties(DatasetSpec spec) {
    // A table upserted micro-batch by micro-batch records replaced rows in delete files
    // (merge-on-read) rather than rewriting every data file of the partitions a batch touches.
    String upsert =
        upserts(spec)
            ? ", 'write.merge.mode' = 'merge-on-read', 'write.update.mode' = 'merge-on-read',"
                + " 'write.delete.mode' = 'merge-on-read'"
            : "";
    // A batch write into many partitions (days of several years) sorts each task's rows by
    // partition, so that a task keeps one file open at a time: Iceberg's default fanout writer
    // opens one per partition in each task and runs out of memory on thousands of them. (Hash
    // distribution, not range: range samples the input in a job of its own, which would count
    // the observed rows twice.)
    String clustered =
        spec.partitionBy().isEmpty() || spec.streaming().isPresent()
            ? ""
            : ", 'write.distribution-mode' = 'hash', 'write.spark.fanout.enabled' = 'false'";
    if (!(spec.definition() instanceof io.sluice.spec.DatasetDefinition.Score)) {
      return " TBLPROPERTIES (" + METADATA_PROPERTIES + upsert + clustered + ")";
    }
    String noDictionary = "'write.parquet.dict-encoding-enabled.column.%s' = 'false'";
    return " TBLPROPERTIES ("
        + METADATA_PROPERTIES
        + upsert
        + clustered
        + ", 'write.parquet.dict-size-bytes' = '16384', "
        + Stream.of(Scoring.SCORE, Scoring.SIGNED_SCORE, Scoring.EMBEDDING + ".list.element")
            .map(column -> String.format(Locale.ROOT, noDictionary, column))
            .collect(Collectors.joining(", "))
        + ")";
  }

  /**
   * One row per key within the frame: the first one met, or with {@code keep: last} the last one in
   * the frame's order (for a Kafka micro-batch, offset order within each partition); rows with a
   * null key are all kept (nothing to match).
   */
  static Dataset<Row> distinctKeys(Dataset<Row> frame, DatasetSpec spec) {
    Column[] keyColumns =
        spec.keys().stream().map(k -> functions.col(LakeTables.quote(k))).toArray(Column[]::new);
    Column anyNull = functions.lit(false);
    for (Column key : keyColumns) {
      anyNull = anyNull.or(key.isNull());
    }
    String identity = "_sluice_identity";
    Dataset<Row> identified =
        frame.withColumn(
            identity,
            functions
                .when(anyNull, functions.uuid())
                .otherwise(functions.to_json(functions.struct(keyColumns))));
    if (!spec.keepLast()) {
      return identified.dropDuplicates(identity).drop(identity);
    }
    String order = "_sluice_order";
    String rank = "_sluice_rank";
    return identified
        .withColumn(order, functions.monotonically_increasing_id())
        .withColumn(
            rank,
            functions
                .row_number()
                .over(
                    org.apache.spark.sql.expressions.Window.partitionBy(identity)
                        .orderBy(functions.col(order).desc())))
        .filter(functions.col(rank).equalTo(1))
        .drop(identity, order, rank);
  }

  /**
   * Inserts the rows whose keys the table does not have (an append commit); rows with a null key
   * never match and are inserted.
   */
  static String insertNew(String table, String view, List<String> keys, List<String> ranges) {
    return mergeInto(table, view, keys, "=", ranges) + " WHEN NOT MATCHED THEN INSERT *";
  }

  static String merge(String table, String view, List<String> keys, List<String> ranges) {
    return mergeInto(table, view, keys, "<=>", ranges)
        + " WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *";
  }

  /**
   * {@code MERGE INTO table t USING view s ON} the keys compared with {@code equals}, and the
   * target's keys within {@code ranges} (the source's: the same matches, fewer files read).
   */
  private static String mergeInto(
      String table, String view, List<String> keys, String equals, List<String> ranges) {
    String on =
        Stream.concat(
                keys.stream()
                    .map(
                        k ->
                            "t."
                                + LakeTables.quote(k)
                                + " "
                                + equals
                                + " s."
                                + LakeTables.quote(k)),
                ranges.stream().map(range -> "t." + range))
            .collect(Collectors.joining(" AND "));
    return "MERGE INTO " + table + " t USING " + view + " s ON " + on;
  }
}
