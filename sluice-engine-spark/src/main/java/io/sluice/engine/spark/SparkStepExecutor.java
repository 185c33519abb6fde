package io.sluice.engine.spark;

import io.sluice.core.plan.PlannedSource;
import io.sluice.core.run.StepContext;
import io.sluice.core.run.StepExecutor;
import io.sluice.spi.spark.SparkSensor;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** Runs steps in a Spark session: datasets, streams and sinks through {@link SparkSteps}. */
public final class SparkStepExecutor implements StepExecutor {
  private final SparkSession spark;
  private final Map<String, String> services;

  /** {@code services}: addresses of started or configured services, passed to connectors. */
  public SparkStepExecutor(SparkSession spark, Map<String, String> services) {
    this.spark = spark;
    this.services = Map.copyOf(services);
  }

  @Override
  public Steps begin(StepContext context) {
    return new SparkSteps(spark, services, context);
  }

  @Override
  public Sensor sensor(PlannedSource planned) {
    SparkSensor sensor = planned.factory().sensor().createSensor(planned.options());
    return new Sensor() {
      @Override
      public boolean poke() {
        return sensor.poke(spark, services);
      }

      @Override
      public String describe() {
        return sensor.describe();
      }
    };
  }
}
