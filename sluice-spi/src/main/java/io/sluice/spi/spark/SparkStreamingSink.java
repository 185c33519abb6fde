package io.sluice.spi.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes the micro-batches of a streaming dataset. Spark may run a micro-batch again after a
 * failure with the same {@code batchId}: a sink that promises exactly-once (effectively once)
 * recognises it and does not write its rows twice.
 */
public interface SparkStreamingSink {
  /** Writes one micro-batch and says what it wrote. */
  SinkResult writeMicroBatch(Dataset<Row> batch, long batchId, SinkContext context);

  /** Where it writes, for plans and logs (a secret never shown). */
  String describeTarget();
}
