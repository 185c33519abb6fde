package io.sluice.core.run;

import static java.util.Objects.requireNonNull;

/**
 * How far a streaming dataset's source is behind its newest records after a micro-batch, as the
 * source reports it: for Kafka, offsets behind the latest per partition (the largest, the smallest
 * and their mean over the topic's partitions).
 */
public record StreamLag(String source, long maxBehind, long minBehind, double avgBehind) {
  public StreamLag {
    requireNonNull(source, "source is null");
  }
}
