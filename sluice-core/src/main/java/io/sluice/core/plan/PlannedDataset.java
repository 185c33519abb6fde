package io.sluice.core.plan;

import static java.util.Objects.requireNonNull;

import io.sluice.spec.DatasetSpec;
import java.util.List;

/**
 * A dataset in graph order with the datasets it reads ({@code upstream}, by name) and, for a {@code
 * from:} dataset, the source it copies.
 */
public record PlannedDataset(DatasetSpec spec, List<String> upstream, PlannedSource source) {
  public PlannedDataset {
    requireNonNull(spec, "spec is null");
    upstream = List.copyOf(upstream);
  }

  public String name() {
    return spec.name();
  }
}
