package io.sluice.engine.spark;

import io.sluice.core.plan.Plan;
import io.sluice.core.plan.PlannedDataset;
import io.sluice.core.plan.PlannedSink;
import io.sluice.core.store.CheckRecord;
import io.sluice.core.store.RunRecord;
import io.sluice.core.store.RunStatus;
import io.sluice.core.store.RunStore;
import io.sluice.core.store.StepRecord;
import io.sluice.spi.spark.SinkContext;
import io.sluice.spi.spark.SinkResult;
import io.sluice.spi.spark.SparkBatchSink;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.spark.sql.SparkSession;

/**
 * Runs a {@link Plan} in graph order: each dataset, then each sink; records the run, every step and
 * every check in the run store. A failed step stops the run; the steps after it are skipped.
 */
public final class PipelineRunner {
  private static final DateTimeFormatter RUN_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final SparkSession spark;
  private final RunStore store;
  private final RunListener listener;
  private final Map<String, String> services;

  public PipelineRunner(SparkSession spark, RunStore store, RunListener listener) {
    this(spark, store, listener, Map.of());
  }

  /** {@code services}: addresses of started or configured services, passed to connectors. */
  public PipelineRunner(
      SparkSession spark, RunStore store, RunListener listener, Map<String, String> services) {
    this.spark = spark;
    this.store = store;
    this.listener = listener;
    this.services = Map.copyOf(services);
  }

  public static String newRunId() {
    return RUN_ID.format(Instant.now())
        + "-"
        + String.format(Locale.ROOT, "%04x", ThreadLocalRandom.current().nextInt(0x10000));
  }

  /** Runs the plan; {@code only}, when present, names the single dataset to materialise. */
  public RunResult run(Plan plan, Optional<String> only) {
    String runId = newRunId();
    Instant started = Instant.now();
    String pipeline = plan.spec().name();
    store.startRun(
        new RunRecord(
            runId,
            pipeline,
            plan.spec().profile(),
            RunStatus.RUNNING,
            started,
            Optional.empty(),
            plan.spec().parameters().toString(),
            Optional.empty()));
    List<StepResult> results = new ArrayList<>();
    Optional<String> failure = Optional.empty();
    try (ProgressPoller poller = new ProgressPoller(spark, listener)) {
      for (PlannedDataset dataset : plan.datasets()) {
        if (only.isPresent() && !only.get().equalsIgnoreCase(dataset.name())) {
          continue;
        }
        StepResult result =
            failure.isPresent()
                ? StepResult.skipped(dataset.name(), "dataset")
                : runDataset(runId, dataset, poller);
        results.add(result);
        failure = failure.or(result::error);
      }
      for (PlannedSink sink : plan.sinks()) {
        if (only.isPresent() && !only.get().equalsIgnoreCase(sink.spec().from())) {
          continue;
        }
        StepResult result =
            failure.isPresent()
                ? StepResult.skipped(sink.spec().name(), "sink")
                : runSink(runId, sink, poller);
        results.add(result);
        failure = failure.or(result::error);
      }
    }
    RunStatus status = failure.isPresent() ? RunStatus.FAILED : RunStatus.SUCCEEDED;
    Instant ended = Instant.now();
    store.finishRun(
        new RunRecord(
            runId,
            pipeline,
            plan.spec().profile(),
            status,
            started,
            Optional.of(ended),
            plan.spec().parameters().toString(),
            failure));
    return new RunResult(
        runId, pipeline, status, results, Duration.between(started, ended), failure);
  }

  private StepResult runDataset(String runId, PlannedDataset dataset, ProgressPoller poller) {
    String name = dataset.name();
    Instant started = Instant.now();
    listener.stepStarted(name, "dataset");
    poller.watch(name);
    store.recordStep(
        new StepRecord(
            runId,
            name,
            "dataset",
            RunStatus.RUNNING,
            started,
            Optional.empty(),
            0,
            0,
            0,
            0,
            0,
            Optional.empty()));
    StepResult result;
    try {
      spark.sparkContext().setJobGroup("sluice:" + name, "dataset " + name, false);
      DatasetStep.Counts counts = new DatasetStep(spark, runId, services).run(dataset);
      boolean balanced =
          counts.rowsIn() == counts.rowsOut() + counts.quarantined() + counts.dropped();
      Optional<String> error =
          balanced
              ? Optional.empty()
              : Optional.of(DatasetStep.countsMismatch(name, counts).getMessage());
      result =
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
                  store.recordCheck(
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
    } catch (Exception e) { // Spark throws checked AnalysisException undeclared
      result = failed(name, "dataset", started, e);
    } finally {
      spark.sparkContext().clearJobGroup();
      poller.watch(null);
    }
    finish(runId, started, result);
    return result;
  }

  private StepResult runSink(String runId, PlannedSink sink, ProgressPoller poller) {
    String name = sink.spec().name();
    Instant started = Instant.now();
    listener.stepStarted(name, "sink");
    poller.watch(name);
    StepResult result;
    try {
      SparkBatchSink writer = sink.factory().createBatchSink(sink.options());
      SinkResult written =
          writer.write(
              spark.table(LakeTables.qualified(sink.spec().from())),
              new SinkContext(name, runId, sink.spec().mode(), sink.spec().keys(), services));
      result =
          new StepResult(
              name,
              "sink",
              RunStatus.SUCCEEDED,
              written.rowsWritten(),
              written.rowsWritten(),
              0,
              0,
              0,
              Map.of(),
              Duration.between(started, Instant.now()),
              written.target(),
              Optional.empty());
    } catch (Exception e) { // Spark throws checked AnalysisException undeclared
      result = failed(name, "sink", started, e);
    } finally {
      poller.watch(null);
    }
    finish(runId, started, result);
    return result;
  }

  private void finish(String runId, Instant started, StepResult result) {
    store.recordStep(
        new StepRecord(
            runId,
            result.name(),
            result.kind(),
            result.status(),
            started,
            Optional.of(started.plus(result.duration())),
            result.rowsIn(),
            result.rowsOut(),
            result.quarantined(),
            result.dropped(),
            result.warned(),
            result.error()));
    listener.stepFinished(result);
  }

  private static StepResult failed(String name, String kind, Instant started, Exception e) {
    return new StepResult(
        name,
        kind,
        RunStatus.FAILED,
        0,
        0,
        0,
        0,
        0,
        Map.of(),
        Duration.between(started, Instant.now()),
        "",
        Optional.of(Errors.describe(e)));
  }
}
