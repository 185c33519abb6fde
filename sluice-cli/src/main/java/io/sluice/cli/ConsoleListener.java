package io.sluice.cli;

import io.sluice.core.run.RunListener;
import io.sluice.core.run.StepResult;
import io.sluice.core.store.RunStatus;
import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * One line per step with rows, quarantined rows, time and outcome; a progress bar of Spark tasks
 * while a step runs longer than two seconds on an interactive terminal.
 */
final class ConsoleListener implements RunListener {
  private static final long BAR_AFTER_MILLIS = 2000;
  private final PrintStream out;
  private final boolean interactive;
  private final long barAfterMillis;
  private ProgressBar bar;
  private String barStep;

  /** Start times of the running steps (several run at once with parallel_steps). */
  private final java.util.Map<String, Long> started =
      new java.util.concurrent.ConcurrentHashMap<>();

  ConsoleListener(PrintStream out, boolean interactive) {
    this(out, interactive, BAR_AFTER_MILLIS);
  }

  /** {@code barAfterMillis}: how long a step runs before its bar shows (tests use 0). */
  ConsoleListener(PrintStream out, boolean interactive, long barAfterMillis) {
    this.out = out;
    this.interactive = interactive;
    this.barAfterMillis = barAfterMillis;
  }

  @Override
  public void stepStarted(String step, String kind) {
    started.put(step, System.currentTimeMillis());
  }

  @Override
  public synchronized void progress(String step, long doneTasks, long totalTasks) {
    if (!interactive
        || System.currentTimeMillis() - started.getOrDefault(step, Long.MAX_VALUE / 2)
            < barAfterMillis
        || (bar != null && !step.equals(barStep))) {
      return; // one bar at a time: the step that asked first after the delay
    }
    if (bar == null) {
      barStep = step;
      bar =
          new ProgressBarBuilder()
              .setTaskName(step)
              .setInitialMax(totalTasks)
              .setStyle(ProgressBarStyle.ASCII)
              .setUnit(" tasks", 1)
              .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(out, 100))
              .setUpdateIntervalMillis(50)
              .continuousUpdate()
              .build();
    }
    bar.maxHint(totalTasks);
    bar.stepTo(doneTasks);
  }

  @Override
  public synchronized void stepFinished(StepResult result) {
    started.remove(result.name());
    if (bar != null) {
      bar.close();
      bar = null;
      barStep = null;
    }
    out.println(line(result));
    result.error().ifPresent(error -> out.println("      " + error));
  }

  @Override
  public synchronized void note(String step, String text) {
    out.println("      " + text);
  }

  @Override
  public void stopping(String signal) {
    out.println(
        "  "
            + signal
            + ": stopping the streams after their current micro-batch (again to stop at once)");
  }

  @Override
  public synchronized void streamProgress(String step, long batches, StepResult.Totals totals) {
    out.printf(
        Locale.ROOT,
        "  %-34s batch %,d: %,d in %,d out %,d quarantined %,d dropped so far%n",
        step,
        batches,
        totals.rowsIn(),
        totals.rowsOut(),
        totals.quarantined(),
        totals.dropped());
  }

  static String line(StepResult result) {
    String outcome =
        switch (result.status()) {
          case SUCCEEDED -> result.warned() > 0 ? "ok (" + result.warned() + " warnings)" : "ok";
          case FAILED -> "FAILED";
          case SKIPPED -> "skipped";
          case RUNNING -> "running";
          case INTERRUPTED -> "interrupted";
        };
    if (result.status() == RunStatus.SKIPPED) {
      return String.format(Locale.ROOT, "  %-34s %s", result.name(), outcome);
    }
    return String.format(
        Locale.ROOT,
        "  %-34s %,11d in %,11d out %,9d quarantined %,9d dropped %7.1fs  %s",
        result.name(),
        result.rowsIn(),
        result.rowsOut(),
        result.quarantined(),
        result.dropped(),
        result.duration().toMillis() / 1000.0,
        outcome);
  }
}
