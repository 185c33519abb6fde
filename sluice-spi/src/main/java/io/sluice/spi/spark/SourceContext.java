package io.sluice.spi.spark;

import static java.util.Objects.requireNonNull;

import org.apache.spark.sql.SparkSession;

/** What a source may use while it builds its read. */
public record SourceContext(SparkSession spark, String sourceName, String runId) {
  public SourceContext {
    requireNonNull(spark, "spark is null");
    requireNonNull(sourceName, "sourceName is null");
    requireNonNull(runId, "runId is null");
  }
}
