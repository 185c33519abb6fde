package io.sluice.spi;

import io.sluice.spi.spark.SparkStreamingSource;

/** A source that can also be read as an unbounded stream (Structured Streaming). */
public interface StreamingSourceConnector extends SourceConnector {
  SparkStreamingSource createStreamingSource(ResolvedOptions options);
}
