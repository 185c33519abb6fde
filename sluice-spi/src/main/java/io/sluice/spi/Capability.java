package io.sluice.spi;

/** What a connector can do; the planner refuses a use that the connector does not declare. */
public enum Capability {
  BATCH_SOURCE,
  STREAMING_SOURCE,
  BATCH_SINK,
  STREAMING_SINK,
  /** A local stand-in service a profile starts for the run (a simulator, say). */
  SERVICE,
  /** Waits before a run for a condition outside the pipeline (a path, a topic, an endpoint). */
  SENSOR
}
