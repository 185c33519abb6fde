package io.sluice.spi.spark;

import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Waits for something outside the pipeline before a run starts (Airflow's sensors): a path, a Kafka
 * topic with data, an HTTP endpoint answering 200. The runner pokes it every poke interval until it
 * answers true or the timeout passes.
 */
public interface SparkSensor {
  /** What it waits for, for progress lines and timeout messages ("files matching s3a://b/x/*"). */
  String describe();

  /**
   * One check; true when the condition holds. {@code services} carries the run's shared services
   * ({@link SourceContext#KAFKA_BOOTSTRAP_SERVERS} ...). A failure to check (an unreachable host)
   * answers false, not an exception: the sensor keeps poking until its timeout.
   */
  boolean poke(SparkSession spark, Map<String, String> services);
}
