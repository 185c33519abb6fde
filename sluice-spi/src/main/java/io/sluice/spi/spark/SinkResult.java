package io.sluice.spi.spark;

import static java.util.Objects.requireNonNull;

/** The outcome of one sink write. */
public record SinkResult(String target, long rowsWritten) {
  public SinkResult {
    requireNonNull(target, "target is null");
  }
}
