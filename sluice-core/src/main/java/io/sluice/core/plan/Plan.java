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
}
