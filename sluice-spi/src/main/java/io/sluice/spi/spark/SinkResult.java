package io.sluice.spi.spark;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The outcome of one sink write: the target, the rows written, and the rows the target refused
 * (each with its reason), which the run quarantines; rows in = written + refused.
 */
public record SinkResult(String target, long rowsWritten, List<Refused> refused) {
  public SinkResult {
    requireNonNull(target, "target is null");
    refused = List.copyOf(refused);
  }

  public SinkResult(String target, long rowsWritten) {
    this(target, rowsWritten, List.of());
  }

  /** A row the target refused: the row as JSON and the reason (the server's, when it gave one). */
  public record Refused(String record, String reason) implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    public Refused {
      requireNonNull(record, "record is null");
      requireNonNull(reason, "reason is null");
    }
  }
}
