package io.sluice.engine.spark;

import io.sluice.core.run.StepContext;
import io.sluice.core.run.StepErrors;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.SparkSession;

/**
 * Expires the snapshots of a dataset's table and quarantine table that the pipeline's retention no
 * longer keeps, after the step that wrote them (outside its time). A failure is a warning: the data
 * is written, only the housekeeping did not happen. Streams expire every retention's
 * stream_maintenance_interval (1m), after compacting their tables' small files (retention's
 * compact_min_files, 128 MiB targets), and keep snapshots for retention's stream_snapshot_age (1h)
 * while they run; that housekeeping runs on a thread of its own, beside the streams.
 */
final class SnapshotExpiry {
  private static final long STREAM_TARGET_FILE_BYTES = 128L << 20;

  private final SparkSession spark;
  private final StepContext context;

  /** When each dataset's tables were last looked at for snapshots to expire. */
  private final Map<String, Long> lastExpiry = new ConcurrentHashMap<>();

  /**
   * The streams' housekeeping, one dataset at a time, beside the streams. Never shut down: the
   * streams outlive the steps that start them (a run's steps close once its streams are running),
   * and the thread ends by itself when idle.
   */
  private final java.util.concurrent.ThreadPoolExecutor housekeeping =
      new java.util.concurrent.ThreadPoolExecutor(
          1,
          1,
          30,
          java.util.concurrent.TimeUnit.SECONDS,
          new java.util.concurrent.LinkedBlockingQueue<>(),
          io.sluice.core.run.DaemonThreads.named("sluice-stream-housekeeping"));

  /** The datasets whose housekeeping is queued or running; notified when one ends. */
  private final java.util.Set<String> running = ConcurrentHashMap.newKeySet();

  SnapshotExpiry(SparkSession spark, StepContext context) {
    this.spark = spark;
    this.context = context;
    housekeeping.allowCoreThreadTimeOut(true);
  }

  void afterWrite(String dataset) {
    expire(dataset, context.plan().spec().retention());
  }

  private void expire(String dataset, io.sluice.spec.RetentionSpec retention) {
    lastExpiry.put(dataset, System.currentTimeMillis());
    for (String table : LakeMaintenance.tablesOf(dataset)) {
      try {
        LakeMaintenance.expire(spark, table, retention, System.currentTimeMillis())
            .flatMap(LakeMaintenance.TableReport::expired)
            .ifPresent(expired -> context.note(dataset, expired.describe(table)));
      } catch (RuntimeException e) {
        context.note(
            dataset,
            "warning: cannot expire old snapshots of " + table + ": " + StepErrors.describe(e));
      }
    }
  }

  /**
   * After a micro-batch of {@code dataset}: when the interval has passed and no housekeeping of it
   * is running, its compaction and expiry start on the housekeeping thread, beside the stream (a
   * minute's compaction of three tables took seconds, and on the stream's thread every event behind
   * it waited that long). Iceberg commits them optimistically against the stream's appends.
   */
  void afterMicroBatch(String dataset) {
    Long last = lastExpiry.get(dataset);
    io.sluice.spec.RetentionSpec retention = context.plan().spec().retention();
    long now = System.currentTimeMillis();
    if ((last == null || now - last >= retention.streamMaintenanceInterval().toMillis())
        && running.add(dataset)) {
      lastExpiry.put(dataset, now);
      housekeeping.execute(
          () -> {
            try {
              compact(dataset); // first, so that the files it replaces expire with their snapshots
              expire(dataset, retention.forStreams());
            } finally {
              synchronized (running) {
                running.remove(dataset);
                running.notifyAll();
              }
            }
          });
    }
  }

  /**
   * Waits (up to {@code timeout}) for the housekeeping queued or under way, so that a run that ends
   * does not cut it off.
   */
  void awaitIdle(java.time.Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (running) {
      try {
        long left = deadline - System.nanoTime();
        while (!running.isEmpty() && left > 0) {
          java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(running, left);
          left = deadline - System.nanoTime();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * A stream's table and quarantine, compacted once retention's compact_min_files small files have
   * gathered in a partition.
   */
  private void compact(String dataset) {
    for (String table : LakeMaintenance.tablesOf(dataset)) {
      try {
        Compaction.compact(
                spark,
                table,
                context.plan().spec().retention().compactMinFiles(),
                STREAM_TARGET_FILE_BYTES)
            .ifPresent(report -> context.note(dataset, report.describe(table)));
      } catch (RuntimeException e) {
        context.note(
            dataset,
            "warning: cannot compact the files of " + table + ": " + StepErrors.describe(e));
      }
    }
  }
}
