package io.sluice.server.ingest;

import static java.util.Objects.requireNonNull;

import io.sluice.core.plan.Plan;
import io.sluice.core.plan.PlannedDataset;
import io.sluice.spec.Problems;
import io.sluice.spec.SourceSpec;
import io.sluice.spec.ValidationException;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.IngestEndpoint;
import io.sluice.spi.IngestPolicy;
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
    long maxRequestBytes,
    IngestPolicy policy) {
  public IngestStream {
    requireNonNull(name, "name is null");
    requireNonNull(topic, "topic is null");
    columns = Map.copyOf(columns);
    required = Set.copyOf(required);
    apiKeys = List.copyOf(apiKeys);
    requireNonNull(recordIdField, "recordIdField is null");
    requireNonNull(policy, "policy is null");
  }

  /** A stream with the {@linkplain IngestPolicy#defaults() default policy}. */
  public IngestStream(
      String name,
      String topic,
      Map<String, String> columns,
      Set<String> required,
      List<String> apiKeys,
      Optional<String> recordIdField,
      long maxRequestBytes) {
    this(
        name,
        topic,
        columns,
        required,
        apiKeys,
        recordIdField,
        maxRequestBytes,
        IngestPolicy.defaults());
  }

  /** This stream with another policy. */
  public IngestStream withPolicy(IngestPolicy other) {
    return new IngestStream(
        name, topic, columns, required, apiKeys, recordIdField, maxRequestBytes, other);
  }

  /**
   * The streams of the pipeline's ingest sources (those whose connector declares an {@link
   * IngestEndpoint}), by stream name, for serving them. Every source must have a usable key: an
   * endpoint without one would refuse every request (or, worse, accept anyone's), so each source
   * that lacks one is a problem at its place in the file.
   *
   * @throws ValidationException naming each ingest source without a non-blank api_keys entry
   */
  public static Map<String, IngestStream> servable(Plan plan) {
    Problems problems = new Problems();
    for (PlannedDataset dataset : plan.datasets()) {
      Optional<IngestEndpoint> endpoint = endpoint(dataset);
      if (endpoint.isPresent() && keys(endpoint.get()).isEmpty()) {
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

  private static Optional<IngestEndpoint> endpoint(PlannedDataset dataset) {
    return dataset.source() == null
        ? Optional.empty()
        : dataset.source().factory().ingestEndpoint(dataset.source().options());
  }

  private static List<String> keys(IngestEndpoint endpoint) {
    return endpoint.apiKeys().stream().filter(key -> !key.isBlank()).toList();
  }

  /** The streams of the pipeline's ingest sources, by stream name. */
  public static Map<String, IngestStream> of(Plan plan) {
    Map<String, IngestStream> streams = new LinkedHashMap<>();
    for (PlannedDataset dataset : plan.datasets()) {
      endpoint(dataset)
          .ifPresent(
              endpoint ->
                  streams.putIfAbsent(
                      endpoint.stream(),
                      new IngestStream(
                          endpoint.stream(),
                          endpoint.topic(),
                          new LinkedHashMap<>(endpoint.columns()),
                          Set.copyOf(endpoint.required()),
                          keys(endpoint),
                          endpoint.recordIdField(),
                          endpoint.maxRequestBytes(),
                          endpoint.policy())));
    }
    return streams;
  }
}
