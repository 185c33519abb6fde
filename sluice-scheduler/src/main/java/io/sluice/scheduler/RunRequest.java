package io.sluice.scheduler;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * What to run of a plan: every step, one dataset and its sinks ({@code --only}), one step ({@code
 * --step}) or what a failed run left undone ({@code resume}); and how: the run id to take, whether
 * streaming datasets drain and stop ({@code once}), and how often a continuous run refreshes what
 * its streams feed.
 */
public record RunRequest(
    Selection selection, Optional<String> runId, boolean once, Duration refreshEvery) {
  public RunRequest {
    requireNonNull(selection, "selection is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(refreshEvery, "refreshEvery is null");
  }

  /** Which steps a run takes. */
  public sealed interface Selection {
    /** Every step, or with {@code only} one dataset and the sinks that read it. */
    record All(Optional<String> only) implements Selection {}

    /** One dataset or sink, nothing else (its inputs must be in the lake). */
    record Step(String name) implements Selection {}

    /** Every step not in {@code done} (the steps a failed run finished), after the sensors. */
    record Resume(Set<String> done) implements Selection {
      public Resume {
        done = Set.copyOf(done);
      }
    }
  }

  /** Every step; streaming datasets drain and stop. */
  public static RunRequest all() {
    return new RunRequest(new Selection.All(Optional.empty()), Optional.empty(), true, MINUTE);
  }

  public static RunRequest only(Optional<String> dataset, boolean once, Duration refreshEvery) {
    return new RunRequest(new Selection.All(dataset), Optional.empty(), once, refreshEvery);
  }

  public static RunRequest step(String name) {
    return new RunRequest(new Selection.Step(name), Optional.empty(), true, MINUTE);
  }

  public static RunRequest resume(Set<String> done) {
    return new RunRequest(new Selection.Resume(done), Optional.empty(), true, MINUTE);
  }

  /** The same request for a run that takes {@code id} (claimed for a date before it starts). */
  public RunRequest withRunId(String id) {
    return new RunRequest(selection, Optional.of(id), once, refreshEvery);
  }

  private static final Duration MINUTE = Duration.ofMinutes(1);
}
