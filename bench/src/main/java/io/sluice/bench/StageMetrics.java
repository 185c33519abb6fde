package io.sluice.bench;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;

/**
 * A Spark listener (spark.extraListeners, or -Dspark.extraListeners=... for every session of a
 * bench) that adds up the metrics of every completed stage: task time, CPU time, records and bytes
 * read, shuffle bytes written: what the scaling note in docs/cluster.md divides by rows. Printed
 * when the application ends.
 */
public final class StageMetrics extends SparkListener {
  private static final AtomicLong STAGES = new AtomicLong();
  private static final AtomicLong TASK_MS = new AtomicLong();
  private static final AtomicLong CPU_NS = new AtomicLong();
  private static final AtomicLong RECORDS_READ = new AtomicLong();
  private static final AtomicLong BYTES_READ = new AtomicLong();
  private static final AtomicLong SHUFFLE_WRITTEN = new AtomicLong();
  private static final AtomicLong RECORDS_WRITTEN = new AtomicLong();

  @Override
  public void onStageCompleted(SparkListenerStageCompleted completed) {
    TaskMetrics metrics = completed.stageInfo().taskMetrics();
    if (metrics == null) {
      return;
    }
    STAGES.incrementAndGet();
    TASK_MS.addAndGet(metrics.executorRunTime());
    CPU_NS.addAndGet(metrics.executorCpuTime());
    RECORDS_READ.addAndGet(metrics.inputMetrics().recordsRead());
    BYTES_READ.addAndGet(metrics.inputMetrics().bytesRead());
    SHUFFLE_WRITTEN.addAndGet(metrics.shuffleWriteMetrics().bytesWritten());
    RECORDS_WRITTEN.addAndGet(metrics.outputMetrics().recordsWritten());
  }

  @Override
  public void onApplicationEnd(org.apache.spark.scheduler.SparkListenerApplicationEnd end) {
    System.out.println("stage metrics of this Spark application: " + text());
    reset();
  }

  static void reset() {
    for (AtomicLong counter :
        new AtomicLong[] {
          STAGES, TASK_MS, CPU_NS, RECORDS_READ, BYTES_READ, SHUFFLE_WRITTEN, RECORDS_WRITTEN
        }) {
      counter.set(0);
    }
  }

  static String text() {
    return String.format(
        Locale.ROOT,
        "%d stages, task time %.1fs, CPU %.1fs, read %,d records / %,d MB, shuffle written %,d"
            + " KB, records written %,d",
        STAGES.get(),
        TASK_MS.get() / 1000.0,
        CPU_NS.get() / 1e9,
        RECORDS_READ.get(),
        BYTES_READ.get() >> 20,
        SHUFFLE_WRITTEN.get() >> 10,
        RECORDS_WRITTEN.get());
  }
}
