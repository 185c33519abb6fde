package io.sluice.engine.spark;

import io.sluice.core.run.DaemonThreads;
import io.sluice.core.run.StepContext;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.JobExecutionStatus;
import org.apache.spark.SparkJobInfo;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.JavaSparkStatusTracker;
import org.apache.spark.sql.SparkSession;

/**
 * Polls Spark's status tracker and reports each running step's task progress to the listener: a
 * step's jobs run in its job group ({@link #jobGroup}), so that steps running at once are told
 * apart.
 */
final class ProgressPoller implements AutoCloseable {
  private final JavaSparkStatusTracker tracker;
  private final StepContext listener;
  private final ScheduledExecutorService executor;
  private final java.util.Set<String> steps = java.util.concurrent.ConcurrentHashMap.newKeySet();

  ProgressPoller(SparkSession spark, StepContext listener) {
    this.tracker = JavaSparkContext.fromSparkContext(spark.sparkContext()).statusTracker();
    this.listener = listener;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("sluice-progress"));
    var unused = executor.scheduleAtFixedRate(this::poll, 500, 500, TimeUnit.MILLISECONDS);
  }

  /** The Spark job group of a step's jobs. */
  static String jobGroup(String step) {
    return "sluice:" + step;
  }

  void watch(String step) {
    steps.add(step);
  }

  void unwatch(String step) {
    steps.remove(step);
  }

  private void poll() {
    for (String step : steps) {
      long done = 0;
      long total = 0;
      for (int jobId : tracker.getJobIdsForGroup(jobGroup(step))) {
        SparkJobInfo job = tracker.getJobInfo(jobId);
        if (job == null || job.status() != JobExecutionStatus.RUNNING) {
          continue;
        }
        for (int stageId : job.stageIds()) {
          SparkStageInfo info = tracker.getStageInfo(stageId);
          if (info != null) {
            done += info.numCompletedTasks();
            total += info.numTasks();
          }
        }
      }
      if (total > 0) {
        listener.progress(step, done, total);
      }
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
