package io.sluice.core.plan;

import static java.util.Objects.requireNonNull;

import io.sluice.spec.SourceSpec;
import io.sluice.spi.ConnectorFactory;
import io.sluice.spi.ResolvedOptions;

/** A source with its connector and validated options. */
public record PlannedSource(SourceSpec spec, ConnectorFactory factory, ResolvedOptions options) {
  public PlannedSource {
    requireNonNull(spec, "spec is null");
    requireNonNull(factory, "factory is null");
    requireNonNull(options, "options is null");
  }
}
