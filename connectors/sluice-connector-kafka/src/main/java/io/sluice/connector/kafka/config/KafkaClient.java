package io.sluice.connector.kafka.config;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.SluiceException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Spark's "kafka." options for one source or sink: servers and passed-through properties. */
public final class KafkaClient {
  private KafkaClient() {}

  public static Map<String, String> sparkOptions(
      ResolvedOptions options, Optional<String> pipelineKafka, String what) {
    String servers =
        options
            .find(KafkaOptions.BOOTSTRAP_SERVERS)
            .or(() -> pipelineKafka)
            .orElseThrow(
                () ->
                    new SluiceException(
                        ErrorCode.MISSING_REQUIRED,
                        "Cannot connect "
                            + what
                            + " to Kafka: no bootstrap_servers and the pipeline's Kafka is not running; set 'kafka:' in the pipeline"
                            + " or 'bootstrap_servers' on the connector"));
    Map<String, String> result = new LinkedHashMap<>();
    result.put("kafka.bootstrap.servers", servers);
    options
        .find(KafkaOptions.PROPERTIES)
        .orElse(Map.of())
        .forEach((key, value) -> result.put("kafka." + key, value));
    return result;
  }

  /**
   * Options of a Spark Kafka read (batch or stream) of {@code topic} for a source: servers and
   * passed-through properties, the starting offsets, failure on data loss, and offset ranges split
   * over every core (a topic with few partitions is still read in parallel).
   */
  public static Map<String, String> readerOptions(
      ResolvedOptions options, io.sluice.spi.spark.SourceContext context, String topic) {
    Map<String, String> result =
        sparkOptions(
            options,
            context.service(io.sluice.spi.spark.SourceContext.KAFKA_BOOTSTRAP_SERVERS),
            "source '" + context.sourceName() + "'");
    result.put("subscribe", topic);
    result.put("startingOffsets", options.get(KafkaOptions.STARTING_OFFSETS));
    result.put("failOnDataLoss", "true");
    result.put(
        "minPartitions", Integer.toString(context.spark().sparkContext().defaultParallelism()));
    return result;
  }
}
