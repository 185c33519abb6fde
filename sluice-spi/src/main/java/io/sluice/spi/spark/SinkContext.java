package io.sluice.spi.spark;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.WriteMode;
import java.util.List;

/** What a sink is told about the write it performs. */
public record SinkContext(String sinkName, String runId, WriteMode mode, List<String> keys) {
  public SinkContext {
    requireNonNull(sinkName, "sinkName is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(mode, "mode is null");
    keys = List.copyOf(keys);
  }
}
