package io.sluice.spi.spark;

import java.util.Map;
import org.apache.spark.sql.Observation;

/**
 * Reads Spark observations: metrics measured while an action ran, without another pass over the
 * data. Call only after the action that carried the observation finished.
 */
public final class ObservedMetrics {
  private ObservedMetrics() {}

  /** All metrics of {@code observation}. */
  public static Map<String, Object> all(Observation observation) {
    try {
      return observation.getAsJava();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for observed metrics", e);
    }
  }

  /** The metric {@code name} as a long; 0 when it is null (a sum over no rows). */
  public static long count(Observation observation, String name) {
    Object value = all(observation).get(name);
    return value == null ? 0 : ((Number) value).longValue();
  }
}
