package io.sluice.spi;

import io.sluice.spi.spark.SparkSensor;
import java.util.List;

/** A connector that waits before a run for a condition outside the pipeline (Airflow's sensors). */
public interface SensorConnector extends ConnectorFactory {
  @Override
  List<Option<?>> sensorOptions();

  SparkSensor createSensor(ResolvedOptions options);
}
