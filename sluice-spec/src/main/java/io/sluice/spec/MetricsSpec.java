package io.sluice.spec;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * {@code metrics:}: where a run pushes its Prometheus metrics (a Pushgateway's URL) and under which
 * job; `sluice serve` and `sluice console` serve theirs at {@code /metrics} whatever this says.
 */
public record MetricsSpec(Optional<String> pushgateway, String job) {
  public static final MetricsSpec NONE = new MetricsSpec(Optional.empty(), "sluice");

  public MetricsSpec {
    requireNonNull(pushgateway, "pushgateway is null");
    requireNonNull(job, "job is null");
  }
}
