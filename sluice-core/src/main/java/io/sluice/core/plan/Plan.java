package io.sluice.core.plan;

import static java.util.Objects.requireNonNull;

import io.sluice.spec.PipelineSpec;
import java.util.List;
import java.util.Optional;

/** A validated pipeline: datasets in dependency order, sources and sinks with their connectors. */
public record Plan(
    PipelineSpec spec,
    List<PlannedDataset> datasets,
    List<PlannedSink> sinks,
    List<PlannedSource> services,
    List<PlannedSource> sensors) {
  public Plan {
    requireNonNull(spec, "spec is null");
    datasets = List.copyOf(datasets);
    sinks = List.copyOf(sinks);
    services = List.copyOf(services);
    sensors = List.copyOf(sensors);
  }

  /** A plan without sensors. */
  public Plan(
      PipelineSpec spec,
      List<PlannedDataset> datasets,
      List<PlannedSink> sinks,
      List<PlannedSource> services) {
    this(spec, datasets, sinks, services, List.of());
  }

  /** The same plan for another spec (--lake and --run-store applied). */
  public Plan withSpec(PipelineSpec changed) {
    return new Plan(changed, datasets, sinks, services, sensors);
  }

  /** A plan without services. */
  public Plan(PipelineSpec spec, List<PlannedDataset> datasets, List<PlannedSink> sinks) {
    this(spec, datasets, sinks, List.of());
  }

  public Optional<PlannedDataset> dataset(String name) {
    return datasets.stream().filter(d -> d.name().equalsIgnoreCase(name)).findFirst();
  }

  /**
   * Whether {@code sink} is fed by its streaming dataset's micro-batches as they are written (its
   * connector writes streams and its dataset is a streaming one), rather than as a step of its own.
   */
  public boolean streamsInto(PlannedSink sink) {
    return sink.factory() instanceof io.sluice.spi.StreamingSinkConnector
        && dataset(sink.spec().from()).map(d -> d.spec().streaming().isPresent()).orElse(false);
  }

  /** What the edge into {@code sink} guarantees: its stream's, when a stream feeds it. */
  public io.sluice.spi.Delivery delivery(PlannedSink sink) {
    return streamsInto(sink)
        ? ((io.sluice.spi.StreamingSinkConnector) sink.factory())
            .streamingDelivery(sink.options(), sink.spec().mode())
        : sink.factory().sink().sinkDelivery(sink.options(), sink.spec().mode());
  }

  /** The sinks fed by the micro-batches of {@code dataset} ({@link #streamsInto}). */
  public List<PlannedSink> streamingSinksOf(String dataset) {
    return sinks.stream()
        .filter(s -> s.spec().from().equalsIgnoreCase(dataset) && streamsInto(s))
        .toList();
  }

  /**
   * The streaming datasets computed from each micro-batch of {@code dataset} as it is written
   * (streaming {@code sql:} and {@code score:} datasets that read it), in graph order.
   */
  public List<PlannedDataset> streamingChildrenOf(String dataset) {
    return datasets.stream()
        .filter(
            d ->
                d.spec().streamDerived()
                    && d.upstream().stream().anyMatch(u -> u.equalsIgnoreCase(dataset)))
        .toList();
  }
}
