package io.sluice.core.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A pipeline's run for one logical date (the start of its data interval, ISO-8601): which run and
 * how it ended. At most one per pipeline and date, so a date is never run twice at once.
 */
public record DateRecord(
    String pipeline, String logicalDate, String runId, RunStatus status, Instant updatedAt) {
  public DateRecord {
    requireNonNull(pipeline, "pipeline is null");
    requireNonNull(logicalDate, "logicalDate is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(status, "status is null");
    requireNonNull(updatedAt, "updatedAt is null");
  }
}
