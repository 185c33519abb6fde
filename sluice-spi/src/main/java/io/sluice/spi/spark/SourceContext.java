package io.sluice.spi.spark;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * What a source may use while it builds its read. {@code services} holds the addresses of the
 * services the run started or was pointed at, under their ids ({@link
 * io.sluice.spi.ServiceFactory#id}) such as {@link #KAFKA_BOOTSTRAP_SERVERS}.
 */
public record SourceContext(
    SparkSession spark, String sourceName, String runId, Map<String, String> services) {
  /**
   * The Kafka bootstrap servers of the pipeline (embedded or external): the address of the service
   * with id {@code kafka}.
   */
  public static final String KAFKA_BOOTSTRAP_SERVERS = "kafka";

  /**
   * A local folder where a source keeps state between runs (crawl checkpoints, staged pages):
   * {@code _state} under a local lake, else {@code .sluice/state}.
   */
  public static final String STATE_DIRECTORY = "sluice.state.directory";

  public SourceContext {
    requireNonNull(spark, "spark is null");
    requireNonNull(sourceName, "sourceName is null");
    requireNonNull(runId, "runId is null");
    services = Map.copyOf(services);
  }

  public SourceContext(SparkSession spark, String sourceName, String runId) {
    this(spark, sourceName, runId, Map.of());
  }

  public Optional<String> service(String key) {
    return Optional.ofNullable(services.get(key));
  }
}
