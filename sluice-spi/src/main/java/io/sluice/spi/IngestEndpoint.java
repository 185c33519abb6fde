package io.sluice.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code sluice serve} needs of a source whose records are pushed to Sluice's ingest endpoint:
 * the stream's name in {@code POST /v1/streams/{stream}/records}, the Kafka topic the records land
 * in, their declared columns (name to Spark SQL type) and required fields, the accepted keys, the
 * field that identifies a record, the largest request body, and the stream's {@link IngestPolicy}.
 */
public record IngestEndpoint(
    String stream,
    String topic,
    Map<String, String> columns,
    List<String> required,
    List<String> apiKeys,
    Optional<String> recordIdField,
    long maxRequestBytes,
    IngestPolicy policy) {
  public IngestEndpoint {
    requireNonNull(stream, "stream is null");
    requireNonNull(topic, "topic is null");
    columns = Map.copyOf(columns);
    required = List.copyOf(required);
    apiKeys = List.copyOf(apiKeys);
    requireNonNull(recordIdField, "recordIdField is null");
    requireNonNull(policy, "policy is null");
  }

  /** An endpoint with the {@linkplain IngestPolicy#defaults() default policy}. */
  public IngestEndpoint(
      String stream,
      String topic,
      Map<String, String> columns,
      List<String> required,
      List<String> apiKeys,
      Optional<String> recordIdField,
      long maxRequestBytes) {
    this(
        stream,
        topic,
        columns,
        required,
        apiKeys,
        recordIdField,
        maxRequestBytes,
        IngestPolicy.defaults());
  }
}
