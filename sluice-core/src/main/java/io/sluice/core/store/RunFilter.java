package io.sluice.core.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * Which runs to list: of one pipeline, in one status, started in {@code [from, to)}, at most {@code
 * limit}, newest first. Empty parts match everything.
 */
public record RunFilter(
    Optional<String> pipeline,
    Optional<RunStatus> status,
    Optional<Instant> from,
    Optional<Instant> to,
    int limit) {
  public RunFilter {
    requireNonNull(pipeline, "pipeline is null");
    requireNonNull(status, "status is null");
    requireNonNull(from, "from is null");
    requireNonNull(to, "to is null");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
  }

  /** The newest {@code limit} runs of every pipeline. */
  public static RunFilter newest(int limit) {
    return new RunFilter(
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), limit);
  }

  public RunFilter withPipeline(String name) {
    return new RunFilter(Optional.of(name), status, from, to, limit);
  }

  public RunFilter withStatus(RunStatus value) {
    return new RunFilter(pipeline, Optional.of(value), from, to, limit);
  }

  public RunFilter between(Optional<Instant> start, Optional<Instant> end) {
    return new RunFilter(pipeline, status, start, end, limit);
  }

  /** Whether {@code run} matches (for stores that filter in memory). */
  public boolean matches(RunRecord run) {
    return pipeline.map(run.pipeline()::equals).orElse(true)
        && status.map(s -> s == run.status()).orElse(true)
        && from.map(f -> !run.startedAt().isBefore(f)).orElse(true)
        && to.map(t -> run.startedAt().isBefore(t)).orElse(true);
  }
}
