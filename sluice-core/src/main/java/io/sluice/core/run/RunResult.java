package io.sluice.core.run;

import static java.util.Objects.requireNonNull;

import io.sluice.core.store.RunStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The outcome of one run. */
public record RunResult(
    String runId,
    String pipeline,
    RunStatus status,
    List<StepResult> steps,
    Duration duration,
    Optional<String> error) {
  public RunResult {
    requireNonNull(runId, "runId is null");
    requireNonNull(pipeline, "pipeline is null");
    requireNonNull(status, "status is null");
    steps = List.copyOf(steps);
    requireNonNull(duration, "duration is null");
    requireNonNull(error, "error is null");
  }

  public Optional<StepResult> step(String name) {
    return steps.stream().filter(step -> step.name().equals(name)).findFirst();
  }
}
