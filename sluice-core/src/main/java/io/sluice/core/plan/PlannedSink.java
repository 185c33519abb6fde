package io.sluice.core.plan;

import static java.util.Objects.requireNonNull;

import io.sluice.spec.SinkSpec;
import io.sluice.spi.ConnectorFactory;
import io.sluice.spi.ResolvedOptions;

/** A sink with its connector and validated options. */
public record PlannedSink(SinkSpec spec, ConnectorFactory factory, ResolvedOptions options) {
  public PlannedSink {
    requireNonNull(spec, "spec is null");
    requireNonNull(factory, "factory is null");
    requireNonNull(options, "options is null");
  }
}
