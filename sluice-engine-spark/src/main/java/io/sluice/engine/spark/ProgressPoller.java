package io.sluice.engine.spark;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.JavaSparkStatusTracker;
import org.apache.spark.sql.SparkSession;

/** Polls Spark's status tracker and reports the running stages' task progress to the listener. */
final class ProgressPoller implements AutoCloseable {
  private final JavaSparkStatusTracker tracker;
  private final RunListener listener;
  private final ScheduledExecutorService executor;
  private volatile String step;

  ProgressPoller(SparkSession spark, RunListener listener) {
    this.tracker = JavaSparkContext.fromSparkContext(spark.sparkContext()).statusTracker();
    this.listener = listener;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "sluice-progress");
              thread.setDaemon(true);
              return thread;
            });
    var unused = executor.scheduleAtFixedRate(this::poll, 500, 500, TimeUnit.MILLISECONDS);
  }

  void watch(String stepName) {
    this.step = stepName;
  }

  private void poll() {
    String current = step;
    if (current == null) {
      return;
    }
    long done = 0;
    long total = 0;
    for (int stageId : tracker.getActiveStageIds()) {
      SparkStageInfo info = tracker.getStageInfo(stageId);
      if (info != null) {
        done += info.numCompletedTasks();
        total += info.numTasks();
      }
    }
    if (total > 0) {
      listener.progress(current, done, total);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
