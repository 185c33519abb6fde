package io.sluice.spi;

import io.sluice.spi.spark.SparkBatchSource;
import java.util.List;
import java.util.Optional;

/** A connector that reads: a batch source of rows, with its options. */
public interface SourceConnector extends ConnectorFactory {
  @Override
  List<Option<?>> sourceOptions();

  /**
   * Checks that span several options, after each was validated alone. Returns one message per
   * problem, each naming the keys involved; empty when the options are consistent.
   */
  default List<OptionProblem> validateSource(ResolvedOptions options) {
    return List.of();
  }

  /**
   * What the edge into this source guarantees when records reach it from outside (an endpoint that
   * takes them in, say), with the source's own description of that edge; empty when the source only
   * reads data that is already there.
   */
  default Optional<Delivery> sourceDelivery(ResolvedOptions options) {
    return Optional.empty();
  }

  SparkBatchSource createBatchSource(ResolvedOptions options);
}
