package io.sluice.core.run;

import io.sluice.core.plan.Plan;
import io.sluice.core.store.CheckRecord;

/**
 * What the run service tells an executor about the run it works for, and how the executor reports
 * back while a step runs: notes, alerts, check results and progress. The run service records them
 * in the run store and shows them; the executor never touches either.
 */
public interface StepContext {
  String runId();

  Plan plan();

  /** A line about a step (a reconciliation's numbers, a warning). */
  void note(String step, String text);

  /**
   * A line of the step's log that is not shown on the console: what the engine logged while the
   * step ran (level WARN, ERROR, INFO).
   */
  default void log(String step, String level, String text) {}

  /**
   * The run store's experiment runs and model registry, for steps that train or load registry
   * models.
   */
  default io.sluice.core.store.ModelRegistry models() {
    throw new io.sluice.spi.SluiceException(
        io.sluice.spi.ErrorCode.RUN_FAILED, "This run keeps no model registry");
  }

  /** Sends an alert of {@code kind} (reconciliation, ...) through the pipeline's alert channels. */
  void alert(String step, String kind, String text);

  /** Records the result of a check (an expectation, a reconciliation). */
  void check(CheckRecord check);

  /** Tasks done and total of the work running now for {@code step}. */
  void progress(String step, long doneTasks, long totalTasks);

  /**
   * A step the executor runs inside another one began: a sink fed by a streaming dataset's
   * micro-batches, which starts with its stream.
   */
  default void innerStepStarted(String step, String kind) {}

  /** The result of a step started with {@link #innerStepStarted}, when its stream has ended. */
  default void innerStepFinished(StepResult result) {}

  /**
   * After each micro-batch of a streaming step: the batches so far, the rows the batch wrote and
   * the running totals.
   */
  void streamProgress(String step, long batches, long batchRowsOut, StepResult.Totals totals);

  /** How far a streaming step's source is behind, after a micro-batch (when the source says). */
  default void streamLag(String step, StreamLag lag) {}

  /** The columns a step wrote: its table's, or what a sink sent. */
  default void outputSchema(
      String step, java.util.List<io.sluice.core.browse.TableInfo.Column> columns) {}
}
