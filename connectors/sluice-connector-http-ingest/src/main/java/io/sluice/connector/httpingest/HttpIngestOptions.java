package io.sluice.connector.httpingest;

import io.sluice.spi.Option;
import io.sluice.spi.ResolvedOptions;
import java.util.List;
import java.util.Map;

/**
 * Options of the {@code http-ingest} source: records pushed to {@code sluice serve}'s endpoint
 * {@code POST /v1/streams/{stream}/records} land in a Kafka topic, read by the {@code kafka}
 * connector (found by id) with the same keys.
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
                  + " 'sluice serve'.")
          .asSecret();
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

  public static final Option<String> UNKNOWN_FIELDS =
      Option.key("unknown_fields")
          .enumType(io.sluice.spi.IngestPolicy.UnknownFields.class)
          .defaultValue("keep")
          .description(
              "Fields a record has that 'columns' does not declare: keep them (in the column "
                  + io.sluice.spi.IngestPolicy.UNKNOWN_FIELDS_COLUMN
                  + ", one JSON object per record, null when there are none), reject the request"
                  + " with 400 naming each field, or drop them (counted in"
                  + " sluice_ingest_unknown_fields_total).");
  public static final Option<java.time.Duration> IDEMPOTENCY_WINDOW =
      Option.key("idempotency_window")
          .durationType()
          .defaultValue(java.time.Duration.ofHours(24))
          .positive()
          .description(
              "How long an Idempotency-Key is remembered: a retry within it gets the first"
                  + " answer, even after a restart or from another 'sluice serve' of the same run"
                  + " store; the same key with other records gets 422.");
  public static final Option<Long> RATE_LIMIT =
      Option.key("rate_limit")
          .longType()
          .noDefaultValue()
          .atLeast(1)
          .description(
              "Records per second one API key may send (sustained); more gets 429 with"
                  + " Retry-After. Default: no limit.");
  public static final Option<Long> RATE_LIMIT_BURST =
      Option.key("rate_limit_burst")
          .longType()
          .noDefaultValue()
          .atLeast(1)
          .description(
              "With rate_limit: records a key may send at once above the rate (default: one"
                  + " second's worth, the rate itself).");

  // Read from the topic by the kafka connector: these keys are passed on to it as they are.
  /** What happens to a record whose value does not parse as the declared columns. */
  public enum BadRecords {
    FAIL,
    DROP,
    QUARANTINE
  }

  public static final Option<Map<String, String>> COLUMNS =
      Option.key("columns")
          .stringMapType()
          .noDefaultValue()
          .description(
              "Source: the JSON value's fields, name: Spark SQL type. Required: values are parsed"
                  + " with this schema, never inferred.");
  public static final Option<String> BOOTSTRAP_SERVERS =
      Option.key("bootstrap_servers")
          .stringType()
          .noDefaultValue()
          .description("host:port,... (default: the pipeline's 'kafka', embedded or external).");
  public static final Option<String> STARTING_OFFSETS =
      Option.key("starting_offsets")
          .stringType()
          .defaultValue("earliest")
          .description("Source: earliest, latest, or Spark's JSON form {\"topic\":{\"0\":23}}.");
  public static final Option<String> ENDING_OFFSETS =
      Option.key("ending_offsets")
          .stringType()
          .defaultValue("latest")
          .description("Source (batch): latest, or Spark's JSON form {\"topic\":{\"0\":50}}.");
  public static final Option<Long> MAX_RECORDS_PER_BATCH =
      Option.key("max_records_per_batch")
          .longType()
          .noDefaultValue()
          .description(
              "Source (streaming): at most this many records per micro-batch (Spark's"
                  + " maxOffsetsPerTrigger); default: everything available.");
  public static final Option<String> BAD_RECORDS =
      Option.key("bad_records")
          .enumType(BadRecords.class)
          .defaultValue("quarantine")
          .description(
              "Source: fail, drop or quarantine values that are not JSON or do not fit the columns"
                  + " (quarantined with the raw value, topic, partition and offset).");
  public static final Option<Map<String, String>> PROPERTIES =
      Option.key("properties")
          .stringMapType()
          .noDefaultValue()
          .description(
              "Kafka client properties passed through, such as security.protocol, sasl.mechanism,"
                  + " sasl.jaas.config, ssl.truststore.location.");

  public static final List<Option<?>> SOURCE =
      List.of(
          STREAM,
          TOPIC,
          COLUMNS,
          REQUIRED,
          API_KEYS,
          RECORD_ID_FIELD,
          MAX_REQUEST_BYTES,
          UNKNOWN_FIELDS,
          IDEMPOTENCY_WINDOW,
          RATE_LIMIT,
          RATE_LIMIT_BURST,
          BOOTSTRAP_SERVERS,
          STARTING_OFFSETS,
          ENDING_OFFSETS,
          MAX_RECORDS_PER_BATCH,
          BAD_RECORDS,
          PROPERTIES);

  /** The topic of a resolved http-ingest source. */
  public static String topic(ResolvedOptions options) {
    return options.find(TOPIC).orElseGet(() -> options.get(STREAM));
  }

  /** The declared columns, name to Spark SQL type. */
  public static Map<String, String> columns(ResolvedOptions options) {
    return options.find(COLUMNS).orElse(Map.of());
  }

  /** The stream's policy for undeclared fields, idempotency keys and rate limits. */
  public static io.sluice.spi.IngestPolicy policy(ResolvedOptions options) {
    io.sluice.spi.IngestPolicy policy =
        io.sluice.spi.IngestPolicy.defaults()
            .withUnknownFields(
                io.sluice.spi.IngestPolicy.UnknownFields.valueOf(
                    options.get(UNKNOWN_FIELDS).toUpperCase(java.util.Locale.ROOT)))
            .withIdempotencyWindow(options.get(IDEMPOTENCY_WINDOW));
    if (options.find(RATE_LIMIT).isPresent()) {
      long rate = options.get(RATE_LIMIT);
      policy = policy.withRateLimit(rate, options.find(RATE_LIMIT_BURST).orElse(rate));
    }
    return policy;
  }

  /**
   * The columns the stream's records are read with: the declared ones, and {@code _unknown_fields}
   * when undeclared fields are kept.
   */
  public static Map<String, String> readColumns(ResolvedOptions options) {
    Map<String, String> columns = new java.util.LinkedHashMap<>(columns(options));
    if (policy(options).unknownFields() == io.sluice.spi.IngestPolicy.UnknownFields.KEEP) {
      columns.put(io.sluice.spi.IngestPolicy.UNKNOWN_FIELDS_COLUMN, "string");
    }
    return columns;
  }

  /** The fields every record must have (default: all declared columns). */
  public static List<String> required(ResolvedOptions options) {
    return options.find(REQUIRED).orElseGet(() -> List.copyOf(columns(options).keySet()));
  }
}
