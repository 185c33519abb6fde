package io.sluice.spi.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Writes a dataset to an external system. Must leave the target unchanged if it fails. */
public interface SparkBatchSink {
  /** Writes {@code data}; returns the target description and the number of rows written. */
  SinkResult write(Dataset<Row> data, SinkContext context);

  /** A human-readable target, such as a path or a table, for {@code sluice plan}. */
  String describeTarget();

  /**
   * The rows the target holds after a write, for reconciliation (a sink's {@code reconcile:});
   * empty when the target cannot be read back.
   */
  default java.util.Optional<org.apache.spark.sql.Dataset<org.apache.spark.sql.Row>> readBack(
      org.apache.spark.sql.SparkSession spark, SinkContext context) {
    return java.util.Optional.empty();
  }

  /**
   * What the write will do to its target for rows of {@code schema} and keys {@code keys} (such as
   * the DDL a database sink runs), for {@code sluice plan}; empty when there is nothing to add.
   */
  default java.util.Optional<String> describeWrite(
      org.apache.spark.sql.types.StructType schema, java.util.List<String> keys) {
    return java.util.Optional.empty();
  }
}
