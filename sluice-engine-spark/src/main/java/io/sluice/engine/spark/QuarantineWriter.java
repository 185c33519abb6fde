package io.sluice.engine.spark;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import io.sluice.spec.DatasetSpec;
import io.sluice.spi.WriteMode;
import io.sluice.spi.spark.ObservedMetrics;
import io.sluice.spi.spark.SourceResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Writes a dataset's quarantine table: rows that failed quarantine checks and records its source
 * rejected, in one schema (run id, time, reasons, origin, the record as JSON). With mode overwrite
 * the table is replaced, so that a re-run does not pile up copies.
 */
final class QuarantineWriter {
  private final SparkSession spark;
  private final String runId;

  QuarantineWriter(SparkSession spark, String runId) {
    this.spark = spark;
    this.runId = runId;
  }

  /**
   * Writes rows that failed quarantine checks and records the source rejected, in one uniform
   * schema; returns how many were written. With mode overwrite the quarantine table is replaced, so
   * that a re-run does not pile up copies.
   */
  long write(DatasetSpec spec, Optional<Dataset<Row>> fromChecks, Optional<Dataset<Row>> rejected) {
    String table = LakeTables.quarantine(spec.name());
    Dataset<Row> all = fromChecks.orElse(null);
    if (rejected.isPresent()) {
      Dataset<Row> bad =
          rejected
              .get()
              .select(
                  lit(runId).as(DatasetStep.RUN_ID),
                  current_timestamp().as("_quarantined_at"),
                  array(col(SourceResult.REASON_COLUMN)).as("_reasons"),
                  col(SourceResult.ORIGIN_COLUMN).as("_origin"),
                  col(SourceResult.RAW_COLUMN).as("_record"));
      all = all == null ? bad : all.unionByName(bad);
    }
    if (all == null) {
      // A re-run with nothing to quarantine empties the table of an earlier run (and leaves an
      // empty or missing one alone: no commit).
      if (spec.mode() == WriteMode.OVERWRITE
          && LakeTables.totalRecords(spark, table).orElse(0L) > 0) {
        spark.sql("DELETE FROM " + table);
      }
      return 0;
    }
    boolean exists = LakeTables.exists(spark, table);
    Observation written = new Observation("quarantine_" + spec.name());
    Dataset<Row> observed = all.observe(written, count(lit(1)).as("rows"));
    String view = "sluice_quarantine_" + Integer.toHexString(table.hashCode());
    observed.createOrReplaceTempView(view);
    try {
      if (spec.mode() == WriteMode.OVERWRITE || !exists) {
        spark.sql(
            (spec.mode() == WriteMode.OVERWRITE ? "CREATE OR REPLACE TABLE " : "CREATE TABLE ")
                + table
                + " USING iceberg TBLPROPERTIES ("
                + LakeWriter.METADATA_PROPERTIES
                + ") AS SELECT * FROM "
                + view);
      } else {
        spark.sql("INSERT INTO " + table + " BY NAME SELECT * FROM " + view);
      }
    } finally {
      spark.catalog().dropTempView(view);
    }
    return ObservedMetrics.count(written, "rows"); // none reported when no row was written
  }

  /**
   * What a sink's target refused, handled as every sink step does: quarantined ({@link
   * #writeRefused}) and the first 20 reasons in the step's log; returns how many.
   */
  static long refused(
      SparkSession spark,
      io.sluice.core.run.StepContext context,
      String sink,
      List<io.sluice.spi.spark.SinkResult.Refused> refused) {
    if (refused.isEmpty()) {
      return 0;
    }
    refused.stream()
        .limit(20)
        .forEach(r -> context.log(sink, "WARN", "Refused by the target: " + r.reason()));
    return new QuarantineWriter(spark, context.runId()).writeRefused(sink, refused);
  }

  /**
   * Appends the rows a sink's target refused to the sink's quarantine table ({@code
   * default.SINK__quarantine}), each with the target's reason and origin {@code sink:NAME}; returns
   * how many.
   */
  long writeRefused(String sink, List<io.sluice.spi.spark.SinkResult.Refused> refused) {
    String table = LakeTables.quarantine(sink);
    LakeTables.ensureNamespace(spark, sink);
    List<Row> rows = new ArrayList<>(refused.size());
    java.sql.Timestamp now = java.sql.Timestamp.from(java.time.Instant.now());
    for (io.sluice.spi.spark.SinkResult.Refused r : refused) {
      rows.add(
          RowFactory.create(
              runId,
              now,
              scala.jdk.javaapi.CollectionConverters.asScala(List.of(r.reason())).toSeq(),
              "sink:" + sink,
              r.record()));
    }
    Dataset<Row> frame =
        spark.createDataFrame(
            rows,
            DataTypes.createStructType(
                List.of(
                    DataTypes.createStructField(DatasetStep.RUN_ID, DataTypes.StringType, false),
                    DataTypes.createStructField("_quarantined_at", DataTypes.TimestampType, false),
                    DataTypes.createStructField(
                        "_reasons", DataTypes.createArrayType(DataTypes.StringType), false),
                    DataTypes.createStructField("_origin", DataTypes.StringType, false),
                    DataTypes.createStructField("_record", DataTypes.StringType, true))));
    String view = "sluice_refused_" + Integer.toHexString(table.hashCode());
    frame.createOrReplaceTempView(view);
    try {
      if (LakeTables.exists(spark, table)) {
        spark.sql("INSERT INTO " + table + " BY NAME SELECT * FROM " + view);
      } else {
        spark.sql(
            "CREATE TABLE "
                + table
                + " USING iceberg TBLPROPERTIES ("
                + LakeWriter.METADATA_PROPERTIES
                + ") AS SELECT * FROM "
                + view);
      }
    } finally {
      spark.catalog().dropTempView(view);
    }
    return refused.size();
  }

  /** Quarantine records computed again from the input: used past the one-pass cap. */
  Dataset<Row> checkRecords(DatasetSpec spec, Expectations.Masked masked, String[] inputColumns) {
    return quarantineRecords(
        spec,
        masked,
        masked
            .frame()
            .filter(masked.quarantined())
            .select(
                col(Expectations.MASK),
                to_json(struct(Expectations.rowColumns(inputColumns))).as("_record")));
  }

  /** Quarantine records from the lines collected while the table was written. */
  Dataset<Row> collectedRecords(DatasetSpec spec, Expectations.Masked masked, List<String> lines) {
    List<Row> rows = new ArrayList<>(lines.size());
    for (String line : lines) {
      int tab = line.indexOf('\t');
      rows.add(RowFactory.create(Long.parseLong(line.substring(0, tab)), line.substring(tab + 1)));
    }
    return quarantineRecords(
        spec,
        masked,
        spark.createDataFrame(
            rows,
            DataTypes.createStructType(
                List.of(
                    DataTypes.createStructField(Expectations.MASK, DataTypes.LongType, false),
                    DataTypes.createStructField("_record", DataTypes.StringType, true)))));
  }

  /** The quarantine table's columns for rows of a mask and a JSON record. */
  private Dataset<Row> quarantineRecords(
      DatasetSpec spec, Expectations.Masked masked, Dataset<Row> failed) {
    return failed.select(
        lit(runId).as(DatasetStep.RUN_ID),
        current_timestamp().as("_quarantined_at"),
        masked.reasons(col(Expectations.MASK)).as("_reasons"),
        lit("dataset " + spec.name()).as("_origin"),
        col("_record"));
  }
}
