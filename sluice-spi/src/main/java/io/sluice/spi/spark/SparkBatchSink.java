package io.sluice.spi.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Writes a dataset to an external system. Must leave the target unchanged if it fails. */
public interface SparkBatchSink {
  /** Writes {@code data}; returns the target description and the number of rows written. */
  SinkResult write(Dataset<Row> data, SinkContext context);

  /** A human-readable target, such as a path or a table, for {@code sluice plan}. */
  String describeTarget();
}
