package io.sluice.spi;

import io.sluice.spi.spark.SparkStreamingSink;
import java.util.List;

/**
 * A connector that writes a streaming dataset's micro-batches as they come (a document store fed
 * every few seconds, say), besides or instead of the lake.
 */
public interface StreamingSinkConnector extends ConnectorFactory {
  @Override
  List<Option<?>> sinkOptions();

  /** As {@link SourceConnector#validateSource} for a streaming sink. */
  default List<OptionProblem> validateStreamingSink(ResolvedOptions options) {
    return List.of();
  }

  /** What a micro-batch written by this sink guarantees when Spark replays it after a failure. */
  Delivery streamingDelivery(ResolvedOptions options, WriteMode mode);

  SparkStreamingSink createStreamingSink(ResolvedOptions options);
}
