package io.sluice.bench;

import java.util.Locale;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.StageInfo;

/**
 * A Spark listener (-Dspark.extraListeners=io.sluice.bench.StageLog in BENCH_JAVA_OPTS) that prints
 * every stage as it completes: when, how long from submission, its tasks, their run and CPU time,
 * records read and written, and the call that started it: where a step's seconds go.
 */
public final class StageLog extends SparkListener {
  @Override
  public void onStageCompleted(SparkListenerStageCompleted completed) {
    StageInfo stage = completed.stageInfo();
    TaskMetrics metrics = stage.taskMetrics();
    long submitted = stage.submissionTime().isDefined() ? (Long) stage.submissionTime().get() : 0;
    long done = stage.completionTime().isDefined() ? (Long) stage.completionTime().get() : 0;
    System.out.printf(
        Locale.ROOT,
        "[stage %d] %tT wall %.1fs tasks %d run %.1fs cpu %.1fs read %,d written %,d: %s%n",
        stage.stageId(),
        done,
        (done - submitted) / 1000.0,
        stage.numTasks(),
        metrics == null ? 0 : metrics.executorRunTime() / 1000.0,
        metrics == null ? 0 : metrics.executorCpuTime() / 1e9,
        metrics == null ? 0 : metrics.inputMetrics().recordsRead(),
        metrics == null ? 0 : metrics.outputMetrics().recordsWritten(),
        stage.name());
  }
}
