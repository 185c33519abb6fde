package io.sluice.spi.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Reads one source as an unbounded stream. The engine runs the stream as a Structured Streaming
 * query and hands every micro-batch (a static frame of {@link #open}'s rows) to {@link #parse}, so
 * that bad records are quarantined and counted exactly as in a batch read.
 */
public interface SparkStreamingSource {
  /** The raw records as a streaming frame; positions are tracked by the query's checkpoint. */
  Dataset<Row> open(SourceContext context);

  /** One micro-batch of {@link #open}'s frame as rows to load and rejected records. */
  SourceResult parse(Dataset<Row> batch, SourceContext context);
}
