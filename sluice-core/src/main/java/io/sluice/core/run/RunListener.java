package io.sluice.core.run;

/** Told about each step as a run goes, for the console's lines and progress bar. */
public interface RunListener {
  default void stepStarted(String step, String kind) {}

  /** Tasks done and total of the Spark stages running now; called about twice a second. */
  default void progress(String step, long doneTasks, long totalTasks) {}

  default void stepFinished(StepResult result) {}

  /** A line about a finished step, such as a sink's reconciliation. */
  default void note(String step, String text) {}

  /** A stop signal arrived: streaming datasets stop after their current micro-batch. */
  default void stopping(String signal) {}

  /** After each micro-batch of a streaming dataset: the batches so far and the running totals. */
  default void streamProgress(String step, long batches, StepResult.Totals totals) {}

  /** After a micro-batch, when its source says: how far the stream is behind the newest records. */
  default void streamLag(String step, StreamLag lag) {}

  /** The columns a step wrote (its table's, or what a sink sent), once it has written them. */
  default void outputSchema(
      String step, java.util.List<io.sluice.core.browse.TableInfo.Column> columns) {}

  RunListener NONE = new RunListener() {};

  /** Tells each of {@code listeners}, in order. */
  static RunListener all(java.util.List<RunListener> listeners) {
    java.util.List<RunListener> each = java.util.List.copyOf(listeners);
    return new RunListener() {
      @Override
      public void stepStarted(String step, String kind) {
        each.forEach(l -> l.stepStarted(step, kind));
      }

      @Override
      public void progress(String step, long doneTasks, long totalTasks) {
        each.forEach(l -> l.progress(step, doneTasks, totalTasks));
      }

      @Override
      public void stepFinished(StepResult result) {
        each.forEach(l -> l.stepFinished(result));
      }

      @Override
      public void note(String step, String text) {
        each.forEach(l -> l.note(step, text));
      }

      @Override
      public void stopping(String signal) {
        each.forEach(l -> l.stopping(signal));
      }

      @Override
      public void streamProgress(String step, long batches, StepResult.Totals totals) {
        each.forEach(l -> l.streamProgress(step, batches, totals));
      }

      @Override
      public void streamLag(String step, StreamLag lag) {
        each.forEach(l -> l.streamLag(step, lag));
      }

      @Override
      public void outputSchema(
          String step, java.util.List<io.sluice.core.browse.TableInfo.Column> columns) {
        each.forEach(l -> l.outputSchema(step, columns));
      }
    };
  }
}
