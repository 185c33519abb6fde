package io.sluice.spi.spark;

/** Reads one source as a Spark batch. Created on the driver once per run. */
public interface SparkBatchSource {
  /**
   * Returns the rows to load and, when the bad-record policy is {@code quarantine}, the rejected
   * records with their reason. The returned frames are lazy; the engine runs them.
   */
  SourceResult read(SourceContext context);
}
