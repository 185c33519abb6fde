package io.sluice.server.ingest;

import static java.util.Objects.requireNonNull;

import io.sluice.connector.kafka.config.HttpIngestOptions;
import io.sluice.core.plan.Plan;
import io.sluice.core.plan.PlannedDataset;
import io.sluice.spec.Problems;
import io.sluice.spec.SourceSpec;
import io.sluice.spec.ValidationException;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.ResolvedOptions;
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

  /**
   * The streams of the pipeline's http-ingest sources, by stream name, for serving them. Every
   * source must have a usable key: an endpoint without one would refuse every request (or, worse,
   * accept anyone's), so each source that lacks one is a problem at its place in the file.
   *
   * @throws ValidationException naming each http-ingest source without a non-blank api_keys entry
   */
  public static Map<String, IngestStream> servable(Plan plan) {
    Problems problems = new Problems();
    for (PlannedDataset dataset : plan.datasets()) {
      if (dataset.source() != null
          && dataset.source().factory().id().equals("http-ingest")
          && keys(dataset.source().options()).isEmpty()) {
        SourceSpec source = dataset.source().spec();
        problems.add(
            source.position(),
            ErrorCode.MISSING_REQUIRED,
            "Cannot serve source '"
                + source.name()
                + "': it has no api_keys (or only blank ones), and 'sluice serve' accepts"
                + " records only with a key",
            "add api_keys: ['${env:SOME_KEY}'] to the source and set SOME_KEY in the"
                + " environment");
      }
    }
    problems.throwIfAny();
    return of(plan);
  }

  private static List<String> keys(ResolvedOptions options) {
    return options.find(HttpIngestOptions.API_KEYS).orElse(List.of()).stream()
        .filter(key -> !key.isBlank())
        .toList();
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
              keys(options),
              options.find(HttpIngestOptions.RECORD_ID_FIELD),
              options.get(HttpIngestOptions.MAX_REQUEST_BYTES)));
    }
    return streams;
  }
}
