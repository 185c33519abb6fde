package io.sluice.engine.spark;

import io.sluice.core.plan.Plan;
import io.sluice.core.plan.PlannedDataset;
import io.sluice.core.plan.PlannedSink;
import io.sluice.core.store.CheckRecord;
import io.sluice.core.store.RunRecord;
import io.sluice.core.store.RunStatus;
import io.sluice.core.store.RunStore;
import io.sluice.core.store.StepRecord;
import io.sluice.spec.FormatOptions;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
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
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs a {@link Plan} in graph order: each dataset, then each sink; records the run, every step and
 * every check in the run store. A failed step fails the run and skips the steps that depend on it
 * (directly or through others); independent steps still run, as in Airflow or dbt.
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

  private String nextRunId;

  /** Whether this run already alerted (a reconciliation or a sensor): no second message. */
  private volatile boolean alerted;

  /** The id the next run takes (a scheduler claims a date for a run id before the run starts). */
  public PipelineRunner withRunId(String runId) {
    this.nextRunId = runId;
    return this;
  }

  /**
   * Runs again what a failed run did not finish: every dataset and sink whose name is not in {@code
   * done} (the steps that succeeded), in graph order, after the sensors. Finished datasets are not
   * recomputed; their lake tables feed the rest.
   */
  public RunResult resume(Plan plan, Set<String> done) {
    Set<String> finished = new java.util.HashSet<>();
    done.forEach(name -> finished.add(name.toLowerCase(Locale.ROOT)));
    List<PlannedDataset> datasets =
        plan.datasets().stream()
            .filter(d -> !finished.contains(d.name().toLowerCase(Locale.ROOT)))
            .toList();
    List<PlannedSink> sinks =
        plan.sinks().stream()
            .filter(s -> !finished.contains(s.spec().name().toLowerCase(Locale.ROOT)))
            .toList();
    return runSteps(plan, datasets, sinks, true, plan.sensors());
  }

  /**
   * Runs one step: the dataset or the sink named {@code step}, nothing else (an orchestrator such
   * as Airflow runs a pipeline step by step; the step's inputs must already be in the lake).
   */
  public RunResult runStep(Plan plan, String step) {
    List<PlannedDataset> datasets =
        plan.datasets().stream().filter(d -> d.name().equalsIgnoreCase(step)).toList();
    List<PlannedSink> sinks =
        plan.sinks().stream().filter(s -> s.spec().name().equals(step)).toList();
    if (datasets.isEmpty() && sinks.isEmpty()) {
      List<String> steps = new ArrayList<>();
      plan.datasets().forEach(d -> steps.add(d.name()));
      plan.sinks().forEach(s -> steps.add(s.spec().name()));
      throw new SluiceException(
          ErrorCode.UNDEFINED_REFERENCE,
          "Cannot run step '" + step + "': the pipeline's steps are " + steps);
    }
    return runSteps(plan, datasets, sinks, true);
  }

  /** Runs the plan; {@code only}, when present, names the single dataset to materialise. */
  public RunResult run(Plan plan, Optional<String> only) {
    return run(plan, only, false);
  }

  /**
   * Runs the plan. Streaming datasets run as Structured Streaming queries: with {@code once} (or
   * trigger available-now) each drains what its source holds and stops, and the datasets after it
   * run in graph order. Otherwise the queries keep running until they are stopped (Ctrl-C stops
   * them after their current micro-batch), and the datasets and sinks fed by them are refreshed as
   * runs of their own after new micro-batches, at most once per {@link #refreshEvery}.
   */
  public RunResult run(Plan plan, Optional<String> only, boolean once) {
    Set<String> streamFed = streamFed(plan);
    List<PlannedDataset> datasets = new ArrayList<>();
    for (PlannedDataset dataset : plan.datasets()) {
      if (only.isEmpty() || only.get().equalsIgnoreCase(dataset.name())) {
        datasets.add(dataset);
      }
    }
    List<PlannedSink> sinks = new ArrayList<>();
    for (PlannedSink sink : plan.sinks()) {
      if (only.isEmpty() || only.get().equalsIgnoreCase(sink.spec().from())) {
        sinks.add(sink);
      }
    }
    boolean continuous =
        !once
            && datasets.stream()
                .anyMatch(
                    d ->
                        d.spec().streaming().map(trigger -> !trigger.availableNow()).orElse(false));
    if (!continuous) {
      return runSteps(plan, datasets, sinks, true, plan.sensors());
    }
    List<PlannedDataset> now = new ArrayList<>();
    List<PlannedDataset> later = new ArrayList<>();
    for (PlannedDataset dataset : datasets) {
      (dataset.spec().streaming().isEmpty() && streamFed.contains(dataset.name()) ? later : now)
          .add(dataset);
    }
    List<PlannedSink> sinksNow = new ArrayList<>();
    List<PlannedSink> sinksLater = new ArrayList<>();
    for (PlannedSink sink : sinks) {
      (streamFed.contains(sink.spec().from()) ? sinksLater : sinksNow).add(sink);
    }
    this.refreshPlan = new Refresh(plan, later, sinksLater);
    return runSteps(plan, now, sinksNow, false, plan.sensors());
  }

  /** What a continuous run refreshes after new micro-batches. */
  private record Refresh(Plan plan, List<PlannedDataset> datasets, List<PlannedSink> sinks) {}

  private Refresh refreshPlan;
  private Duration refreshEvery = Duration.ofMinutes(1);

  /**
   * How often, at most, a continuous run refreshes the datasets and sinks fed by its streaming
   * datasets (default one minute).
   */
  public PipelineRunner refreshEvery(Duration interval) {
    this.refreshEvery = interval;
    return this;
  }

  /** Datasets that are streaming or read (directly or not) from a streaming dataset. */
  private static Set<String> streamFed(Plan plan) {
    Set<String> fed = new java.util.HashSet<>();
    for (PlannedDataset dataset : plan.datasets()) { // graph order: upstream first
      if (dataset.spec().streaming().isPresent()
          || dataset.upstream().stream().anyMatch(fed::contains)) {
        fed.add(dataset.name());
      }
    }
    return fed;
  }

  private RunResult runSteps(
      Plan plan, List<PlannedDataset> datasets, List<PlannedSink> sinks, boolean drain) {
    return runSteps(plan, datasets, sinks, drain, List.of());
  }

  private RunResult runSteps(
      Plan plan,
      List<PlannedDataset> datasets,
      List<PlannedSink> sinks,
      boolean drain,
      List<io.sluice.core.plan.PlannedSource> sensors) {
    String runId = nextRunId != null ? nextRunId : newRunId();
    nextRunId = null;
    alerted = false;
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
    List<ContinuousStream> streams = new ArrayList<>();
    java.util.Set<String> blocked = new java.util.HashSet<>(); // failed, or downstream of one
    for (io.sluice.core.plan.PlannedSource sensor : sensors) {
      StepResult waited = waitFor(runId, plan, sensor);
      results.add(waited);
      failure = failure.or(waited::error);
    }
    boolean sensorFailed = failure.isPresent();
    try (ProgressPoller poller = new ProgressPoller(spark, listener)) {
      for (StepResult result :
          runDatasets(runId, plan, datasets, drain, sensorFailed, blocked, streams, poller)) {
        results.add(result);
        failure = failure.or(result::error);
      }
      for (PlannedSink sink : sinks) {
        boolean upstreamFailed = sensorFailed || blocked.contains(key(sink.spec().from()));
        StepResult result =
            upstreamFailed
                ? StepResult.skipped(sink.spec().name(), "sink")
                : attempt(plan, sink.spec().name(), () -> runSink(runId, plan, sink, poller));
        if (upstreamFailed) {
          listener.stepFinished(result);
        }
        results.add(result);
        failure = failure.or(result::error);
      }
      if (!streams.isEmpty()) {
        for (StepResult result : awaitStreams(runId, streams)) {
          results.add(result);
          failure = failure.or(result::error);
        }
      }
    }
    RunStatus status = failure.isPresent() ? RunStatus.FAILED : RunStatus.SUCCEEDED;
    Instant ended = Instant.now();
    Duration took = Duration.between(started, ended);
    String steps =
        results.stream()
            .map(
                r ->
                    r.name()
                        + " "
                        + r.status().name().toLowerCase(java.util.Locale.ROOT)
                        + (r.rowsOut() > 0 ? " (" + r.rowsOut() + " rows)" : ""))
            .collect(java.util.stream.Collectors.joining(", "));
    String about =
        " of pipeline " + pipeline + " (logical date " + plan.spec().runDate().ds() + ")";
    if (failure.isPresent() && !alerted) {
      StepResult failedStep =
          results.stream().filter(r -> r.error().isPresent()).findFirst().orElse(null);
      alert(
          plan,
          runId,
          pipeline,
          "failure",
          "Run "
              + runId
              + about
              + " failed"
              + (failedStep == null ? "" : " at step " + failedStep.name())
              + ": "
              + failure.get().lines().findFirst().orElse("")
              + " | steps: "
              + steps);
    } else if (failure.isEmpty() && plan.spec().alerts().onSuccess()) {
      alert(
          plan,
          runId,
          pipeline,
          "success",
          "Run " + runId + about + " succeeded in " + took.toSeconds() + "s | steps: " + steps);
    }
    plan.spec()
        .alerts()
        .sla()
        .filter(sla -> took.compareTo(sla) > 0)
        .ifPresent(
            sla ->
                alert(
                    plan,
                    runId,
                    pipeline,
                    "sla",
                    "Run "
                        + runId
                        + about
                        + " missed its SLA of "
                        + sla.toMillis() / 1000.0
                        + "s: it took "
                        + took.toMillis() / 1000.0
                        + "s ("
                        + (status == RunStatus.FAILED ? "failed" : "succeeded")
                        + ")"));
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

  /**
   * Runs the datasets in graph order: a dataset starts once every dataset it reads (in this run)
   * has finished, up to {@code spark.parallel_steps} at once, and is skipped when one of them
   * failed or was skipped. Results come back in plan order.
   */
  private List<StepResult> runDatasets(
      String runId,
      Plan plan,
      List<PlannedDataset> datasets,
      boolean drain,
      boolean sensorFailed,
      java.util.Set<String> blocked,
      List<ContinuousStream> streams,
      ProgressPoller poller) {
    java.util.Set<String> inRun = new java.util.HashSet<>();
    datasets.forEach(d -> inRun.add(key(d.name())));
    int parallel =
        datasets.stream().anyMatch(d -> d.spec().streaming().isPresent())
            ? 1
            : Integer.parseInt(
                plan.spec()
                    .settings()
                    .sparkConf()
                    .getOrDefault(
                        FormatOptions.PARALLEL_STEPS_PROPERTY,
                        FormatOptions.SPARK_PARALLEL_STEPS
                            .defaultValue()
                            .orElseThrow()
                            .toString()));
    Map<String, Optional<StepResult>> finished = new java.util.HashMap<>();
    List<PlannedDataset> pending = new ArrayList<>(datasets);
    // Ready: every dataset it reads that is part of this run has finished.
    java.util.function.Predicate<PlannedDataset> ready =
        dataset ->
            dataset.upstream().stream()
                .map(PipelineRunner::key)
                .allMatch(u -> !inRun.contains(u) || finished.containsKey(u));
    java.util.concurrent.ExecutorService pool =
        parallel > 1
            ? java.util.concurrent.Executors.newFixedThreadPool(
                parallel, DaemonThreads.named("sluice-step"))
            : null;
    java.util.concurrent.CompletionService<Map.Entry<String, Optional<StepResult>>> running =
        pool == null ? null : new java.util.concurrent.ExecutorCompletionService<>(pool);
    int inFlight = 0;
    try {
      while (!pending.isEmpty() || inFlight > 0) {
        for (java.util.Iterator<PlannedDataset> it = pending.iterator();
            it.hasNext() && inFlight < parallel; ) {
          PlannedDataset dataset = it.next();
          if (!ready.test(dataset)) {
            continue;
          }
          it.remove();
          if (sensorFailed
              || dataset.upstream().stream().map(PipelineRunner::key).anyMatch(blocked::contains)) {
            StepResult skipped = StepResult.skipped(dataset.name(), "dataset");
            listener.stepFinished(skipped);
            blocked.add(key(dataset.name()));
            finished.put(key(dataset.name()), Optional.of(skipped));
          } else if (running == null) {
            record(
                finished,
                blocked,
                key(dataset.name()),
                runDataset(runId, plan, dataset, drain, streams, poller));
          } else {
            running.submit(
                () ->
                    Map.entry(
                        key(dataset.name()),
                        runDataset(runId, plan, dataset, drain, streams, poller)));
            inFlight++;
          }
        }
        if (inFlight > 0) {
          Map.Entry<String, Optional<StepResult>> done = running.take().get();
          inFlight--;
          record(finished, blocked, done.getKey(), done.getValue());
        } else if (!pending.isEmpty() && pending.stream().noneMatch(ready)) {
          throw new IllegalStateException("no dataset of " + pending + " can start");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("the run was interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("a step failed unexpectedly", e.getCause());
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
    List<StepResult> results = new ArrayList<>();
    for (PlannedDataset dataset : datasets) {
      finished.getOrDefault(key(dataset.name()), Optional.empty()).ifPresent(results::add);
    }
    return results;
  }

  private static String key(String name) {
    return name.toLowerCase(java.util.Locale.ROOT);
  }

  private static void record(
      Map<String, Optional<StepResult>> finished,
      java.util.Set<String> blocked,
      String name,
      Optional<StepResult> result) {
    finished.put(name, result);
    if (result.flatMap(StepResult::error).isPresent()) {
      blocked.add(name);
    }
  }

  /**
   * One dataset: a batch step (with retries), a streaming drain, or a continuous stream started (no
   * result until it stops).
   */
  private Optional<StepResult> runDataset(
      String runId,
      Plan plan,
      PlannedDataset dataset,
      boolean drain,
      List<ContinuousStream> streams,
      ProgressPoller poller) {
    if (dataset.spec().streaming().isPresent() && !drain) {
      Optional<ContinuousStream> stream = startContinuous(runId, plan, dataset);
      if (stream.isPresent()) {
        streams.add(stream.get());
        return Optional.empty();
      }
    }
    return Optional.of(
        dataset.spec().streaming().isPresent()
            ? runDrain(runId, plan, dataset)
            : attempt(plan, dataset.name(), () -> runDataset(runId, plan, dataset, poller)));
  }

  // ------------------------------------------------------------------ streaming datasets

  /** A streaming dataset running until stopped. */
  private record ContinuousStream(
      PlannedDataset dataset,
      org.apache.spark.sql.streaming.StreamingQuery query,
      StreamingStep.Totals totals,
      Instant started) {}

  private volatile boolean stopping;
  private final java.util.concurrent.atomic.AtomicLong rowsSinceRefresh =
      new java.util.concurrent.atomic.AtomicLong();

  /** A streaming dataset drained: available-now, then the step ends. */
  private StepResult runDrain(String runId, Plan plan, PlannedDataset dataset) {
    String name = dataset.name();
    Instant started = Instant.now();
    listener.stepStarted(name, "stream");
    recordRunning(runId, name, started, new StepResult.Totals(0, 0, 0, 0, 0));
    StreamingStep.Totals totals = new StreamingStep.Totals();
    StepResult result;
    try {
      org.apache.spark.sql.streaming.StreamingQuery query =
          new StreamingStep(spark, runId, services)
              .start(
                  dataset,
                  true,
                  totals,
                  counts -> {
                    streamProgress(runId, name, started, totals);
                    expireSnapshotsOfStream(plan, name);
                  });
      query.awaitTermination();
      result = streamResult(name, started, totals, Optional.empty());
    } catch (Exception e) { // StreamingQueryException, TimeoutException
      result = streamResult(name, started, totals, Optional.of(Errors.describe(e)));
    }
    finish(runId, started, result);
    return result;
  }

  private Optional<ContinuousStream> startContinuous(
      String runId, Plan plan, PlannedDataset dataset) {
    String name = dataset.name();
    Instant started = Instant.now();
    listener.stepStarted(name, "stream");
    recordRunning(runId, name, started, new StepResult.Totals(0, 0, 0, 0, 0));
    StreamingStep.Totals totals = new StreamingStep.Totals();
    try {
      org.apache.spark.sql.streaming.StreamingQuery query =
          new StreamingStep(spark, runId, services)
              .start(
                  dataset,
                  false,
                  totals,
                  counts -> {
                    rowsSinceRefresh.addAndGet(counts.rowsOut());
                    streamProgress(runId, name, started, totals);
                    expireSnapshotsOfStream(plan, name);
                  });
      return Optional.of(new ContinuousStream(dataset, query, totals, started));
    } catch (Exception e) { // TimeoutException, AnalysisException
      finish(runId, started, streamResult(name, started, totals, Optional.of(Errors.describe(e))));
      return Optional.empty();
    }
  }

  /**
   * Waits while the streams run, refreshing what they feed; on JVM shutdown (Ctrl-C) lets each
   * query finish its current micro-batch, stops it and records the steps before the JVM exits.
   */
  private List<StepResult> awaitStreams(String runId, List<ContinuousStream> streams) {
    // Ctrl-C (SIGINT) and SIGTERM are taken over while the streams run, before the JVM starts to
    // shut down (its shutdown hooks would stop Spark and Iceberg's thread pools under the running
    // micro-batch): each query finishes its current micro-batch and stops, the run is recorded,
    // and the command returns normally. A second signal goes to the previous handler.
    Runnable stopGracefully =
        () -> {
          stopping = true;
          for (ContinuousStream stream : streams) {
            stopAfterCurrentBatch(stream.query());
          }
        };
    List<StopSignal> signals = StopSignal.install(stopGracefully, listener);
    List<StepResult> results = new ArrayList<>();
    try {
      Instant lastRefresh = Instant.EPOCH;
      while (streams.stream().anyMatch(stream -> stream.query().isActive())) {
        streams.get(0).query().awaitTermination(500);
        boolean due = Duration.between(lastRefresh, Instant.now()).compareTo(refreshEvery) >= 0;
        if (!stopping && due && rowsSinceRefresh.get() > 0 && refreshPlan != null) {
          rowsSinceRefresh.set(0);
          lastRefresh = Instant.now();
          if (!refreshPlan.datasets().isEmpty() || !refreshPlan.sinks().isEmpty()) {
            runSteps(refreshPlan.plan(), refreshPlan.datasets(), refreshPlan.sinks(), true);
          }
        }
      }
    } catch (Exception e) { // StreamingQueryException: recorded per stream below
      if (!stopping) {
        for (ContinuousStream stream : streams) {
          stopAfterCurrentBatch(stream.query());
        }
      }
    } finally {
      for (ContinuousStream stream : streams) {
        scala.Option<org.apache.spark.sql.streaming.StreamingQueryException> failed =
            stream.query().exception();
        Optional<String> error =
            failed.isDefined() ? Optional.of(Errors.describe(failed.get())) : Optional.empty();
        StepResult result =
            streamResult(stream.dataset().name(), stream.started(), stream.totals(), error);
        finish(runId, stream.started(), result);
        results.add(result);
      }
      signals.forEach(StopSignal::restore);
    }
    return results;
  }

  /** Waits (up to a minute) until the query is between micro-batches, then stops it. */
  private static void stopAfterCurrentBatch(org.apache.spark.sql.streaming.StreamingQuery query) {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(1);
    try {
      while (query.isActive() && query.status().isTriggerActive() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      query.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.TimeoutException e) {
      // stop() timed out waiting for the query thread: the JVM is going down anyway
    }
  }

  private void streamProgress(
      String runId, String name, Instant started, StreamingStep.Totals totals) {
    StepResult.Totals now = StepResult.Totals.of(totals);
    recordRunning(runId, name, started, now);
    listener.streamProgress(name, totals.batches.get(), now);
  }

  private void recordRunning(String runId, String name, Instant started, StepResult.Totals now) {
    store.recordStep(
        new StepRecord(
            runId,
            name,
            "stream",
            RunStatus.RUNNING,
            started,
            Optional.empty(),
            now.rowsIn(),
            now.rowsOut(),
            now.quarantined(),
            now.dropped(),
            now.warned(),
            Optional.empty()));
  }

  private static StepResult streamResult(
      String name, Instant started, StreamingStep.Totals totals, Optional<String> error) {
    StepResult.Totals now = StepResult.Totals.of(totals);
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

  private StepResult runDataset(
      String runId, Plan plan, PlannedDataset dataset, ProgressPoller poller) {
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
      spark.sparkContext().setJobGroup(ProgressPoller.jobGroup(name), "dataset " + name, false);
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
      if (result.status() == RunStatus.SUCCEEDED && dataset.spec().reconcile().isPresent()) {
        io.sluice.spec.ReconcileSpec spec = dataset.spec().reconcile().get();
        String other = spec.with().orElseThrow();
        Reconciled reconciled =
            reconcile(
                runId,
                plan,
                name,
                "dataset",
                spark.table(LakeTables.qualified(name)),
                spark.table(LakeTables.qualified(other)),
                name + " <-> " + other,
                other,
                spec);
        Map<String, Long> checks = new java.util.LinkedHashMap<>(result.failedByCheck());
        checks.putAll(reconciled.failedByCheck());
        result =
            new StepResult(
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
    } catch (Exception e) { // Spark throws checked AnalysisException undeclared
      result = failed(name, "dataset", started, e);
    } finally {
      spark.sparkContext().clearJobGroup();
      poller.unwatch(name);
    }
    finish(runId, started, result);
    if (result.status() == RunStatus.SUCCEEDED) {
      expireSnapshots(plan, name);
    }
    return result;
  }

  /** When each streaming dataset's tables were last looked at for snapshots to expire. */
  private final Map<String, Long> lastExpiry = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Expires the snapshots of {@code dataset}'s table and quarantine table that the pipeline's
   * retention no longer keeps (after the step, outside its time). A failure is a warning: the data
   * is written, only the housekeeping did not happen.
   */
  private void expireSnapshots(Plan plan, String dataset) {
    lastExpiry.put(dataset, System.currentTimeMillis());
    for (String table : LakeMaintenance.tablesOf(dataset)) {
      try {
        LakeMaintenance.expire(spark, table, plan.spec().retention(), System.currentTimeMillis())
            .flatMap(LakeMaintenance.TableReport::expired)
            .ifPresent(expired -> listener.note(dataset, expired.describe(table)));
      } catch (RuntimeException e) {
        listener.note(
            dataset,
            "warning: cannot expire old snapshots of " + table + ": " + Errors.describe(e));
      }
    }
  }

  /** Streaming datasets expire after a micro-batch, at most once a minute. */
  private void expireSnapshotsOfStream(Plan plan, String dataset) {
    Long last = lastExpiry.get(dataset);
    if (last == null || System.currentTimeMillis() - last >= 60_000) {
      expireSnapshots(plan, dataset);
    }
  }

  private StepResult runSink(String runId, Plan plan, PlannedSink sink, ProgressPoller poller) {
    String name = sink.spec().name();
    Instant started = Instant.now();
    listener.stepStarted(name, "sink");
    poller.watch(name);
    StepResult result;
    try {
      spark.sparkContext().setJobGroup(ProgressPoller.jobGroup(name), "sink " + name, false);
      SparkBatchSink writer = sink.factory().createBatchSink(sink.options());
      SinkContext context =
          new SinkContext(name, runId, sink.spec().mode(), sink.spec().keys(), services);
      SinkResult written =
          writer.write(spark.table(LakeTables.qualified(sink.spec().from())), context);
      long warned = 0;
      Map<String, Long> failedByCheck = Map.of();
      Optional<String> error = Optional.empty();
      if (sink.spec().reconcile().isPresent()) {
        io.sluice.spec.ReconcileSpec spec = sink.spec().reconcile().get();
        Dataset<Row> target =
            writer
                .readBack(spark, context)
                .orElseThrow(
                    () ->
                        new SluiceException(
                            ErrorCode.INVALID_VALUE,
                            "Cannot reconcile sink '"
                                + name
                                + "': connector "
                                + sink.factory().id()
                                + " cannot read its target back"));
        Reconciled reconciled =
            reconcile(
                runId,
                plan,
                name,
                "sink",
                spark.table(LakeTables.qualified(sink.spec().from())),
                target,
                sink.spec().from() + " -> " + written.target(),
                written.target(),
                spec);
        warned = reconciled.warned();
        failedByCheck = reconciled.failedByCheck();
        error = reconciled.error();
      }
      result =
          new StepResult(
              name,
              "sink",
              error.isPresent() ? RunStatus.FAILED : RunStatus.SUCCEEDED,
              written.rowsWritten(),
              written.rowsWritten(),
              0,
              0,
              warned,
              failedByCheck,
              Duration.between(started, Instant.now()),
              written.target(),
              error);
    } catch (Exception e) { // Spark throws checked AnalysisException undeclared
      result = failed(name, "sink", started, e);
    } finally {
      spark.sparkContext().clearJobGroup();
      poller.unwatch(name);
    }
    finish(runId, started, result);
    return result;
  }

  /** What a reconciliation found: rows warned about, the failed check, and the step's error. */
  private record Reconciled(long warned, Map<String, Long> failedByCheck, Optional<String> error) {}

  /**
   * Compares {@code mine} with {@code other}, records the check, notes the numbers, and on a
   * mismatch alerts Slack and fails the step (or warns, as the spec says).
   */
  private Reconciled reconcile(
      String runId,
      Plan plan,
      String step,
      String kind,
      Dataset<Row> mine,
      Dataset<Row> other,
      String between,
      String otherName,
      io.sluice.spec.ReconcileSpec spec) {
    List<Reconciliation.Measure> measures = Reconciliation.compare(mine, other, spec);
    long differing = measures.stream().filter(m -> !m.matches()).count();
    String summary =
        String.join("; ", measures.stream().map(Reconciliation.Measure::toString).toList());
    store.recordCheck(
        new CheckRecord(runId, step, "reconcile", spec.fail() ? "fail" : "warn", differing));
    if (differing == 0) {
      listener.note(step, "reconciled with " + otherName + ": " + summary);
      return new Reconciled(0, Map.of(), Optional.empty());
    }
    String text =
        "Reconciliation of "
            + kind
            + " '"
            + step
            + "' failed (pipeline "
            + plan.spec().name()
            + ", run "
            + runId
            + ", "
            + between
            + "): "
            + summary;
    alert(plan, runId, step, "reconciliation", text);
    if (spec.fail()) {
      return new Reconciled(
          0,
          Map.of("reconcile", differing),
          Optional.of("error[" + ErrorCode.INVALID_VALUE.code() + "]: " + text));
    }
    listener.note(step, "warning: " + text);
    return new Reconciled(differing, Map.of("reconcile", differing), Optional.empty());
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

  /**
   * Pokes a sensor every poke interval until it holds or its timeout passes; a timeout fails the
   * run before any dataset (and alerts Slack). Recorded as a step of kind "sensor".
   */
  private StepResult waitFor(String runId, Plan plan, io.sluice.core.plan.PlannedSource planned) {
    String name = "sensor:" + planned.spec().name();
    Instant started = Instant.now();
    listener.stepStarted(name, "sensor");
    Duration interval =
        io.sluice.spec.Durations.parse(
                planned.options().get(io.sluice.spec.FormatOptions.POKE_INTERVAL))
            .orElseThrow();
    Duration timeout =
        io.sluice.spec.Durations.parse(
                planned.options().get(io.sluice.spec.FormatOptions.SENSOR_TIMEOUT))
            .orElseThrow();
    StepResult result;
    try {
      io.sluice.spi.spark.SparkSensor sensor = planned.factory().createSensor(planned.options());
      int pokes = 0;
      boolean held = false;
      Instant deadline = started.plus(timeout);
      while (true) {
        pokes++;
        if (sensor.poke(spark, services)) {
          held = true;
          break;
        }
        if (pokes == 1) {
          listener.note(
              name,
              "waiting for "
                  + sensor.describe()
                  + " (every "
                  + interval.toSeconds()
                  + "s, at most "
                  + timeout.toSeconds()
                  + "s)");
        }
        if (!Instant.now().plus(interval).isBefore(deadline)) {
          break;
        }
        Thread.sleep(interval.toMillis());
      }
      Optional<String> error = Optional.empty();
      if (held) {
        listener.note(name, sensor.describe() + ": ready after " + pokes + " check(s)");
      } else {
        String text =
            "Sensor '"
                + planned.spec().name()
                + "' timed out after "
                + Duration.between(started, Instant.now()).toSeconds()
                + "s ("
                + pokes
                + " checks; timeout "
                + timeout.toSeconds()
                + "s) waiting for "
                + sensor.describe()
                + " (pipeline "
                + plan.spec().name()
                + ", run "
                + runId
                + ", logical date "
                + plan.spec().runDate().ds()
                + ")";
        alert(plan, runId, name, "sensor_timeout", text);
        error = Optional.of("error[" + ErrorCode.RUN_FAILED.code() + "]: " + text);
      }
      result =
          new StepResult(
              name,
              "sensor",
              held ? RunStatus.SUCCEEDED : RunStatus.FAILED,
              0,
              0,
              0,
              0,
              0,
              Map.of(),
              Duration.between(started, Instant.now()),
              sensor.describe(),
              error);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result = failed(name, "sensor", started, e);
    } catch (RuntimeException e) {
      result = failed(name, "sensor", started, e);
    }
    finish(runId, started, result);
    return result;
  }

  /** Whether the last step failed for a transient reason (see {@link Transience}). */
  private final ThreadLocal<Boolean> transientFailure = ThreadLocal.withInitial(() -> false);

  /**
   * Runs a step, and again after a transient failure as the pipeline's {@code retries:} say; a
   * validation, SQL or data error is not retried.
   */
  private StepResult attempt(Plan plan, String name, java.util.function.Supplier<StepResult> step) {
    io.sluice.spec.RetrySpec retries = plan.spec().retries();
    transientFailure.set(false);
    StepResult result = step.get();
    for (int attempt = 1;
        attempt <= retries.count() && result.status() == RunStatus.FAILED && transientFailure.get();
        attempt++) {
      Duration wait = retries.delayBefore(attempt);
      listener.note(
          name,
          "transient failure ("
              + result.error().orElse("").lines().findFirst().orElse("")
              + "); retry "
              + attempt
              + " of "
              + retries.count()
              + " in "
              + wait.toMillis() / 1000.0
              + "s");
      try {
        Thread.sleep(wait.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return result;
      }
      transientFailure.set(false);
      result = step.get();
    }
    return result;
  }

  /**
   * Sends an alert to the Slack webhook (text) and the generic webhook (JSON with kind, pipeline,
   * run id, logical date and text), whichever are configured; a failed post is a warning note.
   */
  private void alert(Plan plan, String runId, String step, String kind, String text) {
    alerted = true;
    plan.spec()
        .slackWebhook()
        .flatMap(webhook -> SlackAlert.send(webhook, text))
        .ifPresent(problem -> listener.note(step, "warning: cannot alert Slack: " + problem));
    plan.spec()
        .alerts()
        .webhook()
        .flatMap(
            webhook ->
                SlackAlert.post(
                    webhook,
                    new com.fasterxml.jackson.databind.ObjectMapper()
                        .createObjectNode()
                        .put("kind", kind)
                        .put("pipeline", plan.spec().name())
                        .put("run_id", runId)
                        .put("logical_date", plan.spec().runDate().ds().toString())
                        .put("step", step)
                        .put("text", text)
                        .toString()))
        .ifPresent(problem -> listener.note(step, "warning: cannot call the webhook: " + problem));
  }

  private StepResult failed(String name, String kind, Instant started, Exception e) {
    transientFailure.set(Transience.isTransient(e));
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
