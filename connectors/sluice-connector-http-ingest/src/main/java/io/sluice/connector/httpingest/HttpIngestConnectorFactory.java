package io.sluice.connector.httpingest;

import io.sluice.spi.ConnectorFactory;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.InstalledConnectors;
import io.sluice.spi.Option;
import io.sluice.spi.OptionProblem;
import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.StreamingSourceConnector;
import io.sluice.spi.spark.SparkBatchSource;
import io.sluice.spi.spark.SparkStreamingSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code http-ingest} source: JSON records pushed over HTTP to {@code sluice serve}, kept in a
 * Kafka topic, read in batch or as a stream exactly like a {@code kafka} source of that topic.
 */
public final class HttpIngestConnectorFactory implements StreamingSourceConnector {
  @Override
  public String id() {
    return "http-ingest";
  }

  @Override
  public String description() {
    return "Records pushed to sluice serve's endpoint POST /v1/streams/{stream}/records (validated,"
        + " acknowledged after Kafka has them), read from their Kafka topic";
  }

  @Override
  public Set<String> needs(ResolvedOptions options) {
    return Set.of(io.sluice.spi.spark.SourceContext.KAFKA_BOOTSTRAP_SERVERS);
  }

  @Override
  public List<Option<?>> sourceOptions() {
    return HttpIngestOptions.SOURCE;
  }

  @Override
  public List<OptionProblem> validateSource(ResolvedOptions options) {
    List<OptionProblem> problems = new ArrayList<>();
    if (HttpIngestOptions.columns(options).isEmpty()) {
      problems.add(
          new OptionProblem(
              "stream",
              ErrorCode.MISSING_REQUIRED,
              "an http-ingest source needs 'columns': the records' fields and their types",
              "add 'columns: { id: bigint, name: string }'; records are validated against them"));
    }
    for (String field : options.find(HttpIngestOptions.REQUIRED).orElse(List.of())) {
      if (!HttpIngestOptions.columns(options).containsKey(field)) {
        problems.add(
            new OptionProblem(
                "required",
                ErrorCode.UNDEFINED_REFERENCE,
                "required field '" + field + "' is not a declared column",
                "declared columns: " + HttpIngestOptions.columns(options).keySet()));
      }
    }
    options
        .find(HttpIngestOptions.RECORD_ID_FIELD)
        .filter(field -> !HttpIngestOptions.columns(options).containsKey(field))
        .ifPresent(
            field ->
                problems.add(
                    new OptionProblem(
                        "record_id_field",
                        ErrorCode.UNDEFINED_REFERENCE,
                        "record_id_field '" + field + "' is not a declared column",
                        "declared columns: " + HttpIngestOptions.columns(options).keySet())));
    if (HttpIngestOptions.columns(options)
        .containsKey(io.sluice.spi.IngestPolicy.UNKNOWN_FIELDS_COLUMN)) {
      problems.add(
          new OptionProblem(
              "columns",
              ErrorCode.INVALID_VALUE,
              "'"
                  + io.sluice.spi.IngestPolicy.UNKNOWN_FIELDS_COLUMN
                  + "' is the column that keeps undeclared fields; a stream cannot declare it",
              "rename the field"));
    }
    if (options.find(HttpIngestOptions.RATE_LIMIT_BURST).isPresent()
        && options.find(HttpIngestOptions.RATE_LIMIT).isEmpty()) {
      problems.add(
          new OptionProblem(
              "rate_limit_burst",
              ErrorCode.INVALID_VALUE,
              "rate_limit_burst needs rate_limit (records per second per API key)",
              "add rate_limit: 1000, or remove rate_limit_burst"));
    }
    if (options.get(HttpIngestOptions.MAX_REQUEST_BYTES) < 1024) {
      problems.add(
          new OptionProblem(
              "max_request_bytes",
              ErrorCode.INVALID_VALUE,
              "max_request_bytes must be at least 1024",
              "the default is 1048576 (1 MiB)"));
    }
    return problems;
  }

  @Override
  public java.util.Optional<io.sluice.spi.Delivery> sourceDelivery(ResolvedOptions options) {
    String key =
        options
            .find(HttpIngestOptions.RECORD_ID_FIELD)
            .map(field -> "field '" + field + "'")
            .orElse("Idempotency-Key#index");
    return java.util.Optional.of(
        new io.sluice.spi.Delivery(
            io.sluice.spi.DeliveryGuarantee.AT_LEAST_ONCE,
            "http-ingest POST /v1/streams/"
                + options.get(HttpIngestOptions.STREAM)
                + "/records -> kafka topic "
                + HttpIngestOptions.topic(options)
                + ": 200 only after acks=all from an idempotent producer; a retry after an"
                + " error may write again, made effectively-once by idempotency keys (the "
                + key
                + " is the Kafka key; a streaming dataset with keys: [_key] keeps one row per"
                + " key)"));
  }

  @Override
  public SparkBatchSource createBatchSource(ResolvedOptions options) {
    return kafka().source().createBatchSource(asKafka(options));
  }

  @Override
  public SparkStreamingSource createStreamingSource(ResolvedOptions options) {
    return kafka().streamingSource().createStreamingSource(asKafka(options));
  }

  private ConnectorFactory kafka() {
    return InstalledConnectors.require("kafka", "the http-ingest source");
  }

  /** The options of a kafka source of the stream's topic: the same keys, and the topic. */
  static ResolvedOptions asKafka(ResolvedOptions options) {
    Map<String, Object> kafka = new LinkedHashMap<>(options.asMap());
    for (Option<?> own :
        List.of(
            HttpIngestOptions.STREAM,
            HttpIngestOptions.REQUIRED,
            HttpIngestOptions.API_KEYS,
            HttpIngestOptions.RECORD_ID_FIELD,
            HttpIngestOptions.MAX_REQUEST_BYTES,
            HttpIngestOptions.UNKNOWN_FIELDS,
            HttpIngestOptions.IDEMPOTENCY_WINDOW,
            HttpIngestOptions.RATE_LIMIT,
            HttpIngestOptions.RATE_LIMIT_BURST)) {
      kafka.remove(own.key());
    }
    kafka.put(HttpIngestOptions.COLUMNS.key(), HttpIngestOptions.readColumns(options));
    kafka.put(HttpIngestOptions.TOPIC.key(), HttpIngestOptions.topic(options));
    return new ResolvedOptions(kafka);
  }

  @Override
  public java.util.Optional<io.sluice.spi.IngestEndpoint> ingestEndpoint(ResolvedOptions options) {
    return java.util.Optional.of(
        new io.sluice.spi.IngestEndpoint(
            options.get(HttpIngestOptions.STREAM),
            HttpIngestOptions.topic(options),
            HttpIngestOptions.columns(options),
            HttpIngestOptions.required(options),
            options.find(HttpIngestOptions.API_KEYS).orElse(java.util.List.of()),
            options.find(HttpIngestOptions.RECORD_ID_FIELD),
            options.get(HttpIngestOptions.MAX_REQUEST_BYTES),
            HttpIngestOptions.policy(options)));
  }
}
