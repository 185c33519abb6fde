package io.sluice.engine.spark;

import io.sluice.core.browse.LakeBrowser;
import io.sluice.core.plan.PlannedDataset;
import io.sluice.core.plan.PlannedSink;
import io.sluice.core.run.StepContext;
import io.sluice.core.run.StepErrors;
import io.sluice.core.run.StepExecutor;
import io.sluice.core.run.StepOutcome;
import io.sluice.core.run.StepResult;
import io.sluice.core.run.Transience;
import io.sluice.core.store.CheckRecord;
import io.sluice.core.store.RunStatus;
import io.sluice.spec.ReconcileSpec;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import io.sluice.spi.spark.SinkContext;
import io.sluice.spi.spark.SinkResult;
import io.sluice.spi.spark.SparkBatchSink;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * One pass of a run's steps in a Spark session: each step's jobs run in its own job group, whose
 * task progress is reported while it runs; a dataset's and a sink's reconciliation, and the
 * retention of a written table's snapshots, happen here too.
 */
final class SparkSteps implements StepExecutor.Steps {
  /** How long one query of a dashboard export may take. */
  private static final Duration LAKE_READ_TIMEOUT = Duration.ofMinutes(10);

  private final SparkSession spark;
  private final Map<String, String> services;
  private final StepContext context;
  private final ProgressPoller poller;
  private final Reconciler reconciler;
  private final SnapshotExpiry expiry;

  /** How long the end of a run waits for the streams' compaction and expiry under way. */
  private static final Duration HOUSEKEEPING_WAIT = Duration.ofMinutes(2);

  /** How long a drained stream's end waits for Spark's listener bus to deliver its progress. */
  private static final Duration LAG_WAIT = Duration.ofSeconds(30);

  /** The continuous streams started here and still running: they outlive {@link #close}. */
  private final java.util.concurrent.atomic.AtomicInteger continuousStreams =
      new java.util.concurrent.atomic.AtomicInteger();

  SparkSteps(SparkSession spark, Map<String, String> services, StepContext context) {
    this.spark = spark;
    this.services = services;
    this.context = context;
    this.poller = new ProgressPoller(spark, context);
    this.reconciler = new Reconciler(context);
    this.expiry = new SnapshotExpiry(spark, context);
  }

  private String pipelineVersion;

  /** The pipeline file's version, read once per run and only by a step that trains. */
  private synchronized String pipelineVersion() {
    if (pipelineVersion == null) {
      pipelineVersion =
          io.sluice.engine.spark.ml.ModelContext.versionOf(context.plan().spec().file());
    }
    return pipelineVersion;
  }

  @Override
  public Optional<LakeBrowser> lake() {
    return Optional.of(new SparkLakeBrowser(spark, LAKE_READ_TIMEOUT));
  }

  @Override
  public StepOutcome dataset(PlannedDataset dataset) {
    return StepLogCapture.around(context, dataset.name(), () -> loggedDataset(dataset));
  }

  private StepOutcome loggedDataset(PlannedDataset dataset) {
    String name = dataset.name();
    String runId = context.runId();
    Instant started = Instant.now();
    poller.watch(name);
    StepOutcome outcome;
    try {
      spark.sparkContext().setJobGroup(ProgressPoller.jobGroup(name), "dataset " + name, false);
      DatasetStep.Counts counts =
          new DatasetStep(
                  spark,
                  runId,
                  services,
                  new io.sluice.engine.spark.ml.ModelContext(
                      context::models,
                      this::pipelineVersion,
                      note -> context.note(name, note),
                      context.plan().spec().tracking()))
              .run(dataset);
      boolean balanced =
          counts.rowsIn() == counts.rowsOut() + counts.quarantined() + counts.dropped();
      Optional<String> error =
          balanced
              ? Optional.empty()
              : Optional.of(DatasetStep.countsMismatch(name, counts).getMessage());
      StepResult result =
          new StepResult(
              name,
              "dataset",
              balanced ? RunStatus.SUCCEEDED : RunStatus.FAILED,
              counts.rowsIn(),
              counts.rowsOut(),
              counts.quarantined(),
              counts.dropped(),
              counts.warned(),
              counts.failedByCheck(),
              Duration.between(started, Instant.now()),
              LakeTables.qualified(name),
              error);
      counts
          .failedByCheck()
          .forEach(
              (check, failed) ->
                  context.check(
                      new CheckRecord(
                          runId,
                          name,
                          check,
                          dataset.spec().expectations().stream()
                              .filter(e -> e.name().equals(check))
                              .findFirst()
                              .map(e -> e.onFail().name().toLowerCase(Locale.ROOT))
                              .orElse("warn"),
                          failed)));
      if (result.status() == RunStatus.SUCCEEDED && dataset.spec().reconcile().isPresent()) {
        result = reconcileDataset(dataset, result);
      }
      outcome = StepOutcome.of(result);
    } catch (Exception e) { // Spark throws checked AnalysisException undeclared
      outcome = failed(name, "dataset", started, e);
    } finally {
      spark.sparkContext().clearJobGroup();
      poller.unwatch(name);
    }
    if (outcome.result().status() == RunStatus.SUCCEEDED) {
      OutputSchemas.report(spark, context, name, LakeTables.qualified(name));
      expiry.afterWrite(name);
    }
    return outcome;
  }

  private StepResult reconcileDataset(PlannedDataset dataset, StepResult result) {
    String name = dataset.name();
    ReconcileSpec spec = dataset.spec().reconcile().get();
    String other = spec.with().orElseThrow();
    Reconciler.Reconciled reconciled =
        reconciler.reconcile(
            name,
            "dataset",
            spark.table(LakeTables.qualified(name)),
            spark.table(LakeTables.qualified(other)),
            name + " <-> " + other,
            other,
            spec);
    Map<String, Long> checks = new LinkedHashMap<>(result.failedByCheck());
    checks.putAll(reconciled.failedByCheck());
    return new StepResult(
        name,
        "dataset",
        reconciled.error().isPresent() ? RunStatus.FAILED : RunStatus.SUCCEEDED,
        result.rowsIn(),
        result.rowsOut(),
        result.quarantined(),
        result.dropped(),
        result.warned() + reconciled.warned(),
        checks,
        result.duration(),
        result.target(),
        reconciled.error());
  }

  @Override
  public StepOutcome drain(PlannedDataset dataset) {
    return StepLogCapture.around(context, dataset.name(), () -> loggedDrain(dataset));
  }

  private StepOutcome loggedDrain(PlannedDataset dataset) {
    String name = dataset.name();
    Instant started = Instant.now();
    StreamingStep.Totals totals = new StreamingStep.Totals();
    StreamOutputs outputs = outputs(name);
    StepResult result;
    StreamLagListener lag = lagListener(dataset);
    try {
      StreamingQuery query = startQuery(dataset, true, totals, outputs, lag);
      query.awaitTermination();
      lag.awaitEnd(LAG_WAIT); // the last micro-batch's lag, heard before the step ends
      OutputSchemas.report(spark, context, name, LakeTables.qualified(name));
      result = streamResult(name, started, totals, Optional.empty());
    } catch (Exception e) { // StreamingQueryException, TimeoutException
      result = streamResult(name, started, totals, Optional.of(StepErrors.describe(e)));
    }
    // what reads this dataset starts once its compaction and expiry are done: an expiry beside
    // those reads could delete files of the snapshot they read
    expiry.awaitIdle(HOUSEKEEPING_WAIT);
    outputs.finish(result.error());
    return StepOutcome.of(result);
  }

  @Override
  public StepExecutor.StreamStart start(PlannedDataset dataset) {
    String name = dataset.name();
    Instant started = Instant.now();
    StreamingStep.Totals totals = new StreamingStep.Totals();
    StreamOutputs outputs = outputs(name);
    try {
      StreamingQuery query = startQuery(dataset, false, totals, outputs, lagListener(dataset));
      OutputSchemas.report(spark, context, name, LakeTables.qualified(name));
      continuousStreams.incrementAndGet();
      return new StepExecutor.StreamStart.Running(
          new SparkStream(
              name,
              query,
              totals,
              started,
              outputs,
              () -> {
                continuousStreams.decrementAndGet();
                expiry.awaitIdle(HOUSEKEEPING_WAIT);
              }));
    } catch (Exception e) { // TimeoutException, AnalysisException
      StepResult failed = streamResult(name, started, totals, Optional.of(StepErrors.describe(e)));
      outputs.finish(failed.error());
      return new StepExecutor.StreamStart.Failed(failed);
    }
  }

  /**
   * Starts the dataset's query ({@code drain}: available-now); after each micro-batch the run hears
   * of its progress and the tables' old snapshots may expire.
   */
  private StreamingQuery startQuery(
      PlannedDataset dataset,
      boolean drain,
      StreamingStep.Totals totals,
      StreamOutputs outputs,
      StreamLagListener lag)
      throws java.util.concurrent.TimeoutException {
    String name = dataset.name();
    try {
      return new StreamingStep(spark, context.runId(), services)
          .start(
              dataset,
              drain,
              totals,
              outputs,
              counts -> {
                context.streamProgress(
                    name, totals.batches.get(), counts.rowsOut(), totals.snapshot());
                expiry.afterMicroBatch(name);
              });
    } catch (java.util.concurrent.TimeoutException | RuntimeException e) {
      lag.remove();
      throw e;
    }
  }

  /** Hears how far the dataset's stream is behind its source, before its query starts. */
  private StreamLagListener lagListener(PlannedDataset dataset) {
    String name = dataset.name();
    return StreamLagListener.register(
        spark,
        StreamingStep.queryName(name),
        dataset.spec().definition().copiedFrom().orElse(name),
        lag -> context.streamLag(name, lag));
  }

  /** What the micro-batches of {@code dataset} feed; old snapshots may expire after each. */
  private StreamOutputs outputs(String dataset) {
    return new StreamOutputs(spark, context, services, dataset, expiry::afterMicroBatch);
  }

  static StepResult streamResult(
      String name, Instant started, StreamingStep.Totals totals, Optional<String> error) {
    StepResult.Totals now = totals.snapshot();
    return new StepResult(
        name,
        "stream",
        error.isPresent() ? RunStatus.FAILED : RunStatus.SUCCEEDED,
        now.rowsIn(),
        now.rowsOut(),
        now.quarantined(),
        now.dropped(),
        now.warned(),
        Map.of(),
        Duration.between(started, Instant.now()),
        LakeTables.qualified(name),
        error);
  }

  @Override
  public StepOutcome sink(PlannedSink sink) {
    return StepLogCapture.around(context, sink.spec().name(), () -> loggedSink(sink));
  }

  private StepOutcome loggedSink(PlannedSink sink) {
    String name = sink.spec().name();
    Instant started = Instant.now();
    poller.watch(name);
    try {
      spark.sparkContext().setJobGroup(ProgressPoller.jobGroup(name), "sink " + name, false);
      SparkBatchSink writer = sink.factory().sink().createBatchSink(sink.options());
      SinkContext sinkContext =
          new SinkContext(name, context.runId(), sink.spec().mode(), sink.spec().keys(), services);
      SinkResult written =
          writer.write(spark.table(LakeTables.qualified(sink.spec().from())), sinkContext);
      Reconciler.Reconciled reconciled = Reconciler.Reconciled.NONE;
      if (sink.spec().reconcile().isPresent()) {
        Dataset<Row> target =
            writer
                .readBack(spark, sinkContext)
                .orElseThrow(
                    () ->
                        new SluiceException(
                            ErrorCode.INVALID_VALUE,
                            "Cannot reconcile sink '"
                                + name
                                + "': connector "
                                + sink.factory().id()
                                + " cannot read its target back"));
        reconciled =
            reconciler.reconcile(
                name,
                "sink",
                spark.table(LakeTables.qualified(sink.spec().from())),
                target,
                sink.spec().from() + " -> " + written.target(),
                written.target(),
                sink.spec().reconcile().get());
      }
      long refused = QuarantineWriter.refused(spark, context, name, written.refused());
      OutputSchemas.report(spark, context, name, LakeTables.qualified(sink.spec().from()));
      return StepOutcome.of(
          new StepResult(
              name,
              "sink",
              reconciled.error().isPresent() ? RunStatus.FAILED : RunStatus.SUCCEEDED,
              written.rowsWritten() + refused,
              written.rowsWritten(),
              refused,
              0,
              reconciled.warned(),
              reconciled.failedByCheck(),
              Duration.between(started, Instant.now()),
              written.target(),
              reconciled.error()));
    } catch (Exception e) { // Spark throws checked AnalysisException undeclared
      return failed(name, "sink", started, e);
    } finally {
      spark.sparkContext().clearJobGroup();
      poller.unwatch(name);
    }
  }

  private static StepOutcome failed(String name, String kind, Instant started, Exception e) {
    return new StepOutcome(
        StepResult.failed(
            name, kind, Duration.between(started, Instant.now()), StepErrors.describe(e)),
        Transience.isTransient(e));
  }

  /**
   * The steps are done; the continuous streams they started run on (and look after their tables)
   * until stopped. Waits for the housekeeping under way when none does.
   */
  @Override
  public void close() {
    if (continuousStreams.get() == 0) {
      expiry.awaitIdle(HOUSEKEEPING_WAIT);
    }
    poller.close();
  }
}
