package io.sluice.connector.kafka.config;

import io.sluice.spi.Option;
import io.sluice.spi.ResolvedOptions;
import java.util.List;
import java.util.Map;

/**
 * Options of the {@code http-ingest} source: records pushed to {@code sluice serve}'s endpoint
 * {@code POST /v1/streams/{stream}/records} land in a Kafka topic, read like a {@code kafka}
 * source.
 */
public final class HttpIngestOptions {
  private HttpIngestOptions() {}

  public static final Option<String> STREAM =
      Option.key("stream")
          .stringType()
          .required()
          .description("The stream name in the endpoint's URL: POST /v1/streams/{stream}/records.");
  public static final Option<String> TOPIC =
      Option.key("topic")
          .stringType()
          .noDefaultValue()
          .description("The Kafka topic the records land in (default: the stream name).");
  public static final Option<List<String>> REQUIRED =
      Option.key("required")
          .stringListType()
          .noDefaultValue()
          .description(
              "Fields every record must have, not null (default: every declared column). Other"
                  + " declared fields may be missing or null.");
  public static final Option<List<String>> API_KEYS =
      Option.key("api_keys")
          .stringListType()
          .noDefaultValue()
          .description(
              "Keys accepted for this stream (Authorization: Bearer KEY or X-API-Key: KEY),"
                  + " normally from the environment: ['${env:UFO_INGEST_KEY}']. Required by"
                  + " 'sluice serve'.");
  public static final Option<String> RECORD_ID_FIELD =
      Option.key("record_id_field")
          .stringType()
          .noDefaultValue()
          .description(
              "A field that identifies a record; it becomes the Kafka key, so a streaming dataset"
                  + " with keys: [_key] keeps one row per id. Without it the key is the request's"
                  + " Idempotency-Key and the record's index.");
  public static final Option<Long> MAX_REQUEST_BYTES =
      Option.key("max_request_bytes")
          .longType()
          .defaultValue(1_048_576L)
          .description("Largest request body accepted; larger ones get 413.");

  public static final List<Option<?>> SOURCE =
      List.of(
          STREAM,
          TOPIC,
          KafkaOptions.COLUMNS,
          REQUIRED,
          API_KEYS,
          RECORD_ID_FIELD,
          MAX_REQUEST_BYTES,
          KafkaOptions.BOOTSTRAP_SERVERS,
          KafkaOptions.STARTING_OFFSETS,
          KafkaOptions.ENDING_OFFSETS,
          KafkaOptions.MAX_RECORDS_PER_BATCH,
          KafkaOptions.BAD_RECORDS,
          KafkaOptions.PROPERTIES);

  /** The topic of a resolved http-ingest source. */
  public static String topic(ResolvedOptions options) {
    return options.find(TOPIC).orElseGet(() -> options.get(STREAM));
  }

  /** The declared columns, name to Spark SQL type. */
  public static Map<String, String> columns(ResolvedOptions options) {
    return options.find(KafkaOptions.COLUMNS).orElse(Map.of());
  }

  /** The fields every record must have (default: all declared columns). */
  public static List<String> required(ResolvedOptions options) {
    return options.find(REQUIRED).orElseGet(() -> List.copyOf(columns(options).keySet()));
  }
}
