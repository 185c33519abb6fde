package io.sluice.spi;

import io.sluice.spi.spark.SparkBatchSink;
import java.util.List;

/** A connector that writes a dataset's rows somewhere outside the lake, once per run. */
public interface SinkConnector extends ConnectorFactory {
  @Override
  List<Option<?>> sinkOptions();

  /** As {@link SourceConnector#validateSource} for a sink. */
  default List<OptionProblem> validateSink(ResolvedOptions options) {
    return List.of();
  }

  /**
   * What a sink of this connector guarantees for each row of a run written with {@code mode}. The
   * default is the weakest a retried run can promise.
   */
  default Delivery sinkDelivery(ResolvedOptions options, WriteMode mode) {
    return new Delivery(DeliveryGuarantee.AT_LEAST_ONCE, "a re-run writes the rows again");
  }

  SparkBatchSink createBatchSink(ResolvedOptions options);
}
