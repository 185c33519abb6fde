package io.sluice.server.ingest;

import static java.util.Objects.requireNonNull;

import io.sluice.connector.kafka.config.HttpIngestOptions;
import io.sluice.core.plan.Plan;
import io.sluice.core.plan.PlannedDataset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One stream of the ingest endpoint, from an {@code http-ingest} source of a pipeline. */
public record IngestStream(
    String name,
    String topic,
    Map<String, String> columns,
    Set<String> required,
    List<String> apiKeys,
    Optional<String> recordIdField,
    long maxRequestBytes) {
  public IngestStream {
    requireNonNull(name, "name is null");
    requireNonNull(topic, "topic is null");
    columns = Map.copyOf(columns);
    required = Set.copyOf(required);
    apiKeys = List.copyOf(apiKeys);
    requireNonNull(recordIdField, "recordIdField is null");
  }

  /** The streams of the pipeline's http-ingest sources, by stream name. */
  public static Map<String, IngestStream> of(Plan plan) {
    Map<String, IngestStream> streams = new LinkedHashMap<>();
    for (PlannedDataset dataset : plan.datasets()) {
      if (dataset.source() == null || !dataset.source().factory().id().equals("http-ingest")) {
        continue;
      }
      var options = dataset.source().options();
      String name = options.get(HttpIngestOptions.STREAM);
      streams.putIfAbsent(
          name,
          new IngestStream(
              name,
              HttpIngestOptions.topic(options),
              new LinkedHashMap<>(HttpIngestOptions.columns(options)),
              Set.copyOf(HttpIngestOptions.required(options)),
              options.find(HttpIngestOptions.API_KEYS).orElse(List.of()).stream()
                  .filter(key -> !key.isBlank())
                  .toList(),
              options.find(HttpIngestOptions.RECORD_ID_FIELD),
              options.get(HttpIngestOptions.MAX_REQUEST_BYTES)));
    }
    return streams;
  }
}
