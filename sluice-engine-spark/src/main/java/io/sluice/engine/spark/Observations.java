package io.sluice.engine.spark;

import io.sluice.spi.spark.ObservedMetrics;
import java.util.Map;
import org.apache.spark.sql.Observation;

/** Waits for an observation's metrics, which Spark delivers when the observed action finishes. */
final class Observations {
  private Observations() {}

  static Map<String, Object> get(Observation observation) {
    return ObservedMetrics.all(observation);
  }
}
