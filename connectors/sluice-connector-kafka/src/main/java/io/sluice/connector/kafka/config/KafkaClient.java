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
}
