package io.sluice.engine.spark.ml;

import io.sluice.engine.spark.LakeTables;
import io.sluice.engine.spark.SparkSessions;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.util.Locale;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Where models live in the lake, and the Iceberg snapshots their training read. */
final class ModelArtifacts {
  private ModelArtifacts() {}

  /** A training run's id: the pipeline run, the dataset and the algorithm. */
  static String trainingId(String runId, String dataset, String algorithm) {
    return runId + "/" + dataset + "/" + algorithm;
  }

  /** The table's current snapshot: the one a training reads and records. */
  static org.apache.iceberg.Snapshot currentSnapshot(
      SparkSession spark, String qualified, String dataset) {
    org.apache.iceberg.Table table =
        LakeTables.find(spark, qualified)
            .orElseThrow(
                () ->
                    new SluiceException(
                        ErrorCode.INVALID_VALUE,
                        "Cannot train on " + dataset + ": the lake has no such table"));
    if (table.currentSnapshot() == null) {
      throw new SluiceException(
          ErrorCode.INVALID_VALUE, "Cannot train on " + dataset + ": the table has no rows yet");
    }
    return table.currentSnapshot();
  }

  /**
   * The rows of the table at {@code snapshot}, from its summary (no scan); empty when the summary
   * does not say.
   */
  static java.util.OptionalLong totalRecords(SparkSession spark, String qualified, long snapshot) {
    return LakeTables.find(spark, qualified)
        .map(table -> table.snapshot(snapshot))
        .map(s -> s.summary().get("total-records"))
        .map(total -> java.util.OptionalLong.of(Long.parseLong(total)))
        .orElse(java.util.OptionalLong.empty());
  }

  static Dataset<Row> atSnapshot(SparkSession spark, String qualified, long snapshot) {
    return spark.sql("SELECT * FROM " + qualified + " VERSION AS OF " + snapshot);
  }

  /**
   * Saves {@code model} under the lake's {@code _models/MODEL/} folder (any Hadoop file system: a
   * local folder, HDFS, S3) and returns its location.
   */
  static String save(SparkSession spark, PipelineModel model, String name, String trainingId) {
    String warehouse =
        spark.conf().get("spark.sql.catalog." + SparkSessions.CATALOG + ".warehouse", "");
    if (warehouse.isEmpty()) {
      throw new SluiceException(
          ErrorCode.RUN_FAILED, "Cannot save model '" + name + "': the lake has no warehouse");
    }
    String folder = trainingId.replaceAll("[^A-Za-z0-9_.-]", "_").toLowerCase(Locale.ROOT);
    String location =
        (warehouse.endsWith("/") ? warehouse : warehouse + "/") + "_models/" + name + "/" + folder;
    try {
      model.write().overwrite().save(location);
    } catch (java.io.IOException e) {
      throw new SluiceException(
          ErrorCode.RUN_FAILED,
          "Cannot save model '" + name + "' to " + location + ": " + e.getMessage(),
          e);
    }
    return location;
  }

  static PipelineModel load(String location) {
    return PipelineModel.load(location);
  }
}
