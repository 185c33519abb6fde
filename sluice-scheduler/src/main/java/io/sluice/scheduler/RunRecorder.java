package io.sluice.scheduler;

import io.sluice.core.plan.Plan;
import io.sluice.core.run.RunListener;
import io.sluice.core.run.StepContext;
import io.sluice.core.run.StepResult;
import io.sluice.core.store.CheckRecord;
import io.sluice.core.store.RunStatus;
import io.sluice.core.store.RunStore;
import io.sluice.core.store.StepRecord;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One run's record keeping: each step's start and end go to the run store and the listener, and
 * what an executor reports while a step runs (notes, alerts, checks, progress) arrives here as the
 * {@link StepContext} the executor was given.
 */
final class RunRecorder implements StepContext {
  private final String runId;
  private final Plan plan;
  private final RunStore store;
  private final RunListener listener;
  private final Alerts alerts;

  /** The kind of a sink written by its streaming dataset's micro-batches. */
  static final String STREAM_SINK = "stream-sink";

  private final Map<String, Instant> started = new ConcurrentHashMap<>();
  private final Map<String, String> kinds = new ConcurrentHashMap<>();
  private final java.util.List<StepResult> inner = new java.util.ArrayList<>();
  private final AtomicLong rowsSinceRefresh = new AtomicLong();
  private final Map<String, io.sluice.core.run.StreamLag> lastLag = new ConcurrentHashMap<>();
  private final StepLog log;

  RunRecorder(
      String runId,
      Plan plan,
      RunStore store,
      RunListener listener,
      Alerts alerts,
      io.sluice.core.run.RunClock clock) {
    this.runId = runId;
    this.plan = plan;
    this.store = store;
    this.listener = listener;
    this.alerts = alerts;
    this.log = new StepLog(runId, store, clock);
  }

  @Override
  public String runId() {
    return runId;
  }

  @Override
  public io.sluice.core.store.ModelRegistry models() {
    return store.models();
  }

  @Override
  public Plan plan() {
    return plan;
  }

  Alerts alerts() {
    return alerts;
  }

  /** A step starts; datasets and streams are recorded as running at once. */
  void started(String step, String kind, Instant at) {
    started.put(step, at);
    kinds.put(step, kind);
    log.info(step, "Started " + kind + " " + step + " (run " + runId + ")");
    listener.stepStarted(step, kind);
    if (kind.equals("dataset") || kind.equals("stream") || kind.equals(STREAM_SINK)) {
      record(step, kind, RunStatus.RUNNING, at, Optional.empty(), StepResult.Totals.NONE, null);
    }
  }

  /** A step ended: recorded with its counts, shown by the listener. */
  void finished(StepResult result) {
    Instant at = started.getOrDefault(result.name(), Instant.now());
    log.add(
        result.name(),
        result.status() == RunStatus.FAILED ? "ERROR" : "INFO",
        String.format(
            java.util.Locale.ROOT,
            "%s in %.1fs: %,d in, %,d out, %,d quarantined, %,d dropped, %,d warned%s",
            result.status().name().toLowerCase(java.util.Locale.ROOT),
            result.duration().toMillis() / 1000.0,
            result.rowsIn(),
            result.rowsOut(),
            result.quarantined(),
            result.dropped(),
            result.warned(),
            result.error().map(e -> "\n" + e).orElse("")));
    record(
        result.name(),
        result.kind(),
        result.status(),
        at,
        Optional.of(at.plus(result.duration())),
        new StepResult.Totals(
            result.rowsIn(),
            result.rowsOut(),
            result.quarantined(),
            result.dropped(),
            result.warned()),
        result.error().orElse(null));
    listener.stepFinished(result);
  }

  /** A step that did not run: shown, not recorded (as before a run store existed for it). */
  void skipped(StepResult result) {
    listener.stepFinished(result);
  }

  /** Rows that streams wrote since the last call (a continuous run refreshes after new rows). */
  long takeRowsSinceRefresh() {
    return rowsSinceRefresh.getAndSet(0);
  }

  long rowsSinceRefresh() {
    return rowsSinceRefresh.get();
  }

  @Override
  public void note(String step, String text) {
    log.info(step, text);
    listener.note(step, text);
  }

  @Override
  public void innerStepStarted(String step, String kind) {
    started(step, kind, java.time.Instant.now());
  }

  @Override
  public void innerStepFinished(StepResult result) {
    finished(result);
    synchronized (inner) {
      inner.add(result);
    }
  }

  /** The results of inner steps that ended since the last call, in the order they ended. */
  java.util.List<StepResult> takeInnerResults() {
    synchronized (inner) {
      java.util.List<StepResult> taken = java.util.List.copyOf(inner);
      inner.clear();
      return taken;
    }
  }

  @Override
  public void log(String step, String level, String text) {
    log.add(step, level, text);
  }

  @Override
  public void alert(String step, String kind, String text) {
    log.add(step, "WARN", "Alert (" + kind + "): " + text);
    alerts.send(step, kind, text);
  }

  @Override
  public void check(CheckRecord check) {
    log.add(
        check.step(),
        check.failedRows() > 0 ? "WARN" : "INFO",
        "Check "
            + check.checkName()
            + " (on_fail "
            + check.onFail()
            + "): "
            + check.failedRows()
            + " failing row(s)"
            + (check.detail() == null || check.detail().isEmpty() ? "" : "; " + check.detail()));
    store.recordCheck(check);
  }

  @Override
  public void progress(String step, long doneTasks, long totalTasks) {
    listener.progress(step, doneTasks, totalTasks);
  }

  @Override
  public void streamProgress(
      String step, long batches, long batchRowsOut, StepResult.Totals totals) {
    rowsSinceRefresh.addAndGet(batchRowsOut);
    log.info(
        step,
        String.format(
            java.util.Locale.ROOT,
            "Micro-batch %,d: %,d rows written; so far %,d in, %,d out, %,d quarantined",
            batches,
            batchRowsOut,
            totals.rowsIn(),
            totals.rowsOut(),
            totals.quarantined()));
    Instant at = started.getOrDefault(step, Instant.now());
    record(
        step,
        kinds.getOrDefault(step, "stream"),
        RunStatus.RUNNING,
        at,
        Optional.empty(),
        totals,
        null);
    listener.streamProgress(step, batches, totals);
  }

  @Override
  public void streamLag(String step, io.sluice.core.run.StreamLag lag) {
    // a line when the lag changed: a stream that keeps up would log "0 behind" every batch
    if (lag.equals(lastLag.put(step + "\u0000" + lag.source(), lag))) {
      listener.streamLag(step, lag);
      return;
    }
    log.info(
        step,
        String.format(
            java.util.Locale.ROOT,
            "Source %s: %,d offsets behind the latest (the most of a partition; fewest %,d, mean"
                + " %,.1f)",
            lag.source(),
            lag.maxBehind(),
            lag.minBehind(),
            lag.avgBehind()));
    listener.streamLag(step, lag);
  }

  @Override
  public void outputSchema(
      String step, java.util.List<io.sluice.core.browse.TableInfo.Column> columns) {
    listener.outputSchema(step, columns);
  }

  private void record(
      String step,
      String kind,
      RunStatus status,
      Instant at,
      Optional<Instant> ended,
      StepResult.Totals totals,
      String error) {
    store.recordStep(
        new StepRecord(
            runId,
            step,
            kind,
            status,
            at,
            ended,
            totals.rowsIn(),
            totals.rowsOut(),
            totals.quarantined(),
            totals.dropped(),
            totals.warned(),
            Optional.ofNullable(error)));
  }
}
