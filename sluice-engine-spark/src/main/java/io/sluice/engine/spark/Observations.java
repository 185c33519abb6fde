package io.sluice.engine.spark;

import java.util.Map;
import org.apache.spark.sql.Observation;

/** Waits for an observation's metrics, which Spark delivers when the observed action finishes. */
final class Observations {
  private Observations() {}

  static Map<String, Object> get(Observation observation) {
    try {
      return observation.getAsJava();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for row counts", e);
    }
  }
}
