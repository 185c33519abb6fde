package io.sluice.scheduler;

import io.sluice.core.plan.PlannedDataset;
import io.sluice.core.plan.PlannedSink;
import io.sluice.core.run.RunClock;
import io.sluice.core.run.StepExecutor;
import io.sluice.core.run.StepOutcome;
import io.sluice.core.run.StepResult;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One step around the executor's work: recorded as started, run (a batch step with retries), and
 * recorded with its result. A continuous stream that started has no result until it stops.
 */
final class StepRunner {
  private final RunRecorder recorder;
  private final RunClock clock;
  private final Retrier retrier;

  StepRunner(RunRecorder recorder, RunClock clock, Retrier retrier) {
    this.recorder = recorder;
    this.clock = clock;
    this.retrier = retrier;
  }

  Optional<StepResult> dataset(
      StepExecutor.Steps execution,
      PlannedDataset dataset,
      boolean drain,
      List<StepExecutor.RunningStream> streams) {
    String name = dataset.name();
    if (dataset.spec().streaming().isEmpty()) {
      return Optional.of(
          retrier.attempt(name, () -> once(name, "dataset", () -> execution.dataset(dataset))));
    }
    if (drain) {
      return Optional.of(once(name, "stream", () -> execution.drain(dataset)).result());
    }
    recorder.started(name, "stream", clock.now());
    StepExecutor.StreamStart start = execution.start(dataset);
    if (start instanceof StepExecutor.StreamStart.Failed failed) {
      recorder.finished(failed.result());
      return Optional.of(failed.result());
    }
    synchronized (streams) {
      streams.add(((StepExecutor.StreamStart.Running) start).stream());
    }
    return Optional.empty();
  }

  StepResult sink(StepExecutor.Steps execution, PlannedSink sink) {
    String name = sink.spec().name();
    return retrier.attempt(name, () -> once(name, "sink", () -> execution.sink(sink)));
  }

  private StepOutcome once(String name, String kind, Supplier<StepOutcome> work) {
    recorder.started(name, kind, clock.now());
    StepOutcome outcome = work.get();
    recorder.finished(outcome.result());
    return outcome;
  }
}
