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

  /** What writing this dataset into the lake guarantees per row of its input. */
  public io.sluice.spi.Delivery delivery() {
    if (spec.streamDerived()) {
      return new io.sluice.spi.Delivery(
          io.sluice.spi.DeliveryGuarantee.EXACTLY_ONCE,
          "computed from each micro-batch of its upstream once that batch is committed; one"
              + " Iceberg commit per batch tagged with the upstream query's batch id, skipped when"
              + " a restarted query runs the batch again");
    }
    if (spec.streaming().isPresent()) {
      return new io.sluice.spi.Delivery(
          io.sluice.spi.DeliveryGuarantee.EXACTLY_ONCE,
          "source positions in the query's checkpoint; each micro-batch is one Iceberg commit"
              + " tagged with its batch id, and a restarted query skips batches already"
              + " committed");
    }
    return switch (spec.mode()) {
      case OVERWRITE ->
          new io.sluice.spi.Delivery(
              io.sluice.spi.DeliveryGuarantee.EXACTLY_ONCE,
              "one atomic Iceberg commit; a re-run replaces the table");
      case MERGE ->
          new io.sluice.spi.Delivery(
              io.sluice.spi.DeliveryGuarantee.EXACTLY_ONCE,
              "one atomic Iceberg MERGE on the keys; a re-run updates the same rows");
      case APPEND ->
          new io.sluice.spi.Delivery(
              io.sluice.spi.DeliveryGuarantee.AT_LEAST_ONCE,
              "one atomic Iceberg commit per run, but a re-run appends the rows again");
    };
  }
}
