package io.sluice.connector.kafka.config;

import io.sluice.spi.Option;
import java.util.List;
import java.util.Map;

/**
 * Options of the {@code kafka} connector. The reference docs are generated from these constants.
 */
public final class KafkaOptions {
  private KafkaOptions() {}

  /** What happens to a record whose value does not parse as the declared columns. */
  public enum BadRecords {
    FAIL,
    DROP,
    QUARANTINE
  }

  public static final Option<String> BOOTSTRAP_SERVERS =
      Option.key("bootstrap_servers")
          .stringType()
          .noDefaultValue()
          .description("host:port,... (default: the pipeline's 'kafka', embedded or external).");
  public static final Option<String> TOPIC =
      Option.key("topic").stringType().required().description("The topic to read or write.");
  public static final Option<Map<String, String>> COLUMNS =
      Option.key("columns")
          .stringMapType()
          .noDefaultValue()
          .description(
              "Source: the JSON value's fields, name: Spark SQL type. Required: values are parsed"
                  + " with this schema, never inferred.");
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
  public static final Option<String> BAD_RECORDS =
      Option.key("bad_records")
          .enumType(BadRecords.class)
          .defaultValue("quarantine")
          .description(
              "Source: fail, drop or quarantine values that are not JSON or do not fit the columns"
                  + " (quarantined with the raw value, topic, partition and offset).");
  public static final Option<Long> MAX_RECORDS_PER_BATCH =
      Option.key("max_records_per_batch")
          .longType()
          .noDefaultValue()
          .description(
              "Source (streaming): at most this many records per micro-batch (Spark's"
                  + " maxOffsetsPerTrigger); default: everything available.");
  public static final Option<List<String>> KEY_COLUMNS =
      Option.key("key_columns")
          .stringListType()
          .noDefaultValue()
          .description("Sink: columns whose values, joined by '|', form the record key.");
  public static final Option<Map<String, String>> PROPERTIES =
      Option.key("properties")
          .stringMapType()
          .noDefaultValue()
          .description(
              "Kafka client properties passed through, such as security.protocol, sasl.mechanism,"
                  + " sasl.jaas.config, ssl.truststore.location.");

  public static final List<Option<?>> SOURCE =
      List.of(
          BOOTSTRAP_SERVERS,
          TOPIC,
          COLUMNS,
          STARTING_OFFSETS,
          ENDING_OFFSETS,
          MAX_RECORDS_PER_BATCH,
          BAD_RECORDS,
          PROPERTIES);
  public static final List<Option<?>> SINK =
      List.of(BOOTSTRAP_SERVERS, TOPIC, KEY_COLUMNS, PROPERTIES);
}
