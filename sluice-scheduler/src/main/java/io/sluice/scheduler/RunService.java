package io.sluice.scheduler;

import io.sluice.core.plan.Plan;
import io.sluice.core.plan.PlannedDataset;
import io.sluice.core.plan.PlannedSink;
import io.sluice.core.plan.PlannedSource;
import io.sluice.core.run.DashboardWriter;
import io.sluice.core.run.RunClock;
import io.sluice.core.run.RunListener;
import io.sluice.core.run.RunResult;
import io.sluice.core.run.StepExecutor;
import io.sluice.core.run.StepResult;
import io.sluice.core.store.RunRecord;
import io.sluice.core.store.RunStatus;
import io.sluice.core.store.RunStore;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs a {@link Plan} through a {@link StepExecutor}: its sensors, then each dataset in graph
 * order, then each sink; records the run, every step and every check in the run store, retries
 * transient failures, and alerts. A failed step fails the run and skips the steps that depend on it
 * (directly or through others); independent steps still run, as in Airflow or dbt.
 */
public final class RunService {
  private static final DateTimeFormatter RUN_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final StepExecutor executor;
  private final RunStore store;
  private final RunListener listener;
  private final RunClock clock;
  private final AlertSender alerts;
  private final DashboardWriter dashboards;

  public RunService(
      StepExecutor executor,
      RunStore store,
      RunListener listener,
      RunClock clock,
      AlertSender alerts) {
    this(executor, store, listener, clock, alerts, null);
  }

  /**
   * {@code dashboards} writes the dashboards that declare {@code export:} after a run's steps; null
   * when none is installed (such an export then fails with the reason).
   */
  public RunService(
      StepExecutor executor,
      RunStore store,
      RunListener listener,
      RunClock clock,
      AlertSender alerts,
      DashboardWriter dashboards) {
    this.executor = executor;
    this.store = store;
    this.listener = listener;
    this.clock = clock;
    this.alerts = alerts;
    this.dashboards = dashboards;
  }

  /** A new run id: the UTC time and four random hex digits. */
  public static String newRunId() {
    return newRunId(Instant.now());
  }

  static String newRunId(Instant at) {
    return RUN_ID.format(at)
        + "-"
        + String.format(Locale.ROOT, "%04x", ThreadLocalRandom.current().nextInt(0x10000));
  }

  /** Runs what {@code request} selects of {@code plan}. */
  public RunResult run(Plan plan, RunRequest request) {
    String runId = request.runId().orElseGet(() -> newRunId(clock.now()));
    // Java 17 has no pattern switch; the selection is sealed, so these are all its kinds.
    RunRequest.Selection selection = request.selection();
    if (selection instanceof RunRequest.Selection.Step step) {
      return runStep(plan, step.name(), runId);
    }
    if (selection instanceof RunRequest.Selection.Resume resume) {
      return resume(plan, resume.done(), runId);
    }
    return runAll(plan, ((RunRequest.Selection.All) selection).only(), request, runId);
  }

  private RunResult resume(Plan plan, Set<String> done, String runId) {
    Set<String> finished = new HashSet<>();
    done.forEach(name -> finished.add(DatasetGraph.key(name)));
    List<PlannedDataset> datasets =
        plan.datasets().stream()
            .filter(d -> !finished.contains(DatasetGraph.key(d.name())))
            .toList();
    List<PlannedSink> sinks =
        plan.sinks().stream()
            .filter(s -> !finished.contains(DatasetGraph.key(s.spec().name())))
            .filter(s -> !plan.streamsInto(s)) // written by their stream's micro-batches
            .toList();
    return runSteps(runId, plan, datasets, sinks, true, plan.sensors(), true).result();
  }

  private RunResult runStep(Plan plan, String step, String runId) {
    List<PlannedDataset> datasets =
        plan.datasets().stream().filter(d -> d.name().equalsIgnoreCase(step)).toList();
    for (PlannedDataset dataset : datasets) {
      if (dataset.spec().streamDerived()) {
        throw new SluiceException(
            ErrorCode.INVALID_VALUE,
            "Cannot run step '"
                + step
                + "' alone: it is computed from each micro-batch of "
                + dataset.upstream()
                + " as it is written: run that streaming dataset, or the whole pipeline");
      }
    }
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
    return runSteps(runId, plan, datasets, sinks, true, List.of(), false).result();
  }

  /**
   * Streaming datasets run as Structured Streaming queries: with {@code once} (or trigger
   * available-now) each drains what its source holds and stops, and the datasets after it run in
   * graph order. Otherwise the queries keep running until they are stopped (Ctrl-C stops them after
   * their current micro-batch), and the datasets and sinks fed by them are refreshed as runs of
   * their own after new micro-batches, at most once per refresh interval.
   */
  private RunResult runAll(Plan plan, Optional<String> only, RunRequest request, String runId) {
    List<PlannedDataset> datasets =
        plan.datasets().stream()
            .filter(d -> only.isEmpty() || only.get().equalsIgnoreCase(d.name()))
            .toList();
    List<PlannedSink> sinks =
        plan.sinks().stream()
            .filter(s -> only.isEmpty() || only.get().equalsIgnoreCase(s.spec().from()))
            .filter(s -> !plan.streamsInto(s)) // written by their stream's micro-batches
            .toList();
    boolean continuous =
        !request.once()
            && datasets.stream()
                .anyMatch(
                    d ->
                        d.spec().streaming().map(trigger -> !trigger.availableNow()).orElse(false));
    if (!continuous) {
      return runSteps(runId, plan, datasets, sinks, true, plan.sensors(), only.isEmpty()).result();
    }
    Set<String> streamFed = streamFed(plan);
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
    Runnable refresh =
        () -> {
          if (!later.isEmpty() || !sinksLater.isEmpty()) {
            runSteps(newRunId(clock.now()), plan, later, sinksLater, true, List.of(), true);
          }
        };
    return runSteps(runId, plan, now, sinksNow, false, plan.sensors(), false)
        .awaitStreams(refresh, request.refreshEvery());
  }

  /** Datasets that are streaming or read (directly or not) from a streaming dataset. */
  private static Set<String> streamFed(Plan plan) {
    Set<String> fed = new HashSet<>();
    for (PlannedDataset dataset : plan.datasets()) { // graph order: upstream first
      if (dataset.spec().streaming().isPresent()
          || dataset.upstream().stream().anyMatch(fed::contains)) {
        fed.add(dataset.name());
      }
    }
    return fed;
  }

  /**
   * One pass: sensors, datasets, sinks, and with {@code export} the dashboards' exports. With
   * {@code drain} streaming datasets drain and stop; without it they start and keep running, and
   * the pass ends once {@link Pass#awaitStreams} has seen them stop.
   */
  private Pass runSteps(
      String runId,
      Plan plan,
      List<PlannedDataset> datasets,
      List<PlannedSink> sinks,
      boolean drain,
      List<PlannedSource> sensors,
      boolean export) {
    Instant started = clock.now();
    // a dataset computed from a stream runs inside its stream's micro-batches, not as a step
    List<PlannedDataset> batchSteps =
        datasets.stream().filter(d -> !d.spec().streamDerived()).toList();
    store.startRun(
        new RunRecord(
            runId,
            plan.spec().name(),
            plan.spec().profile(),
            RunStatus.RUNNING,
            started,
            Optional.empty(),
            plan.spec().parameters().toString(),
            Optional.empty()));
    RunRecorder recorder =
        new RunRecorder(
            runId, plan, store, listener, new Alerts(plan, runId, alerts, listener), clock);
    Pass pass = new Pass(recorder, started);
    for (PlannedSource sensor : sensors) {
      pass.add(new SensorWait(executor, clock, recorder).await(sensor));
    }
    boolean sensorFailed = pass.failure.isPresent();
    Retrier retrier = new Retrier(plan.spec().retries(), clock, recorder::note);
    StepRunner steps = new StepRunner(recorder, clock, retrier);
    try (StepExecutor.Steps execution = executor.begin(recorder)) {
      Set<String> blocked = new HashSet<>(); // failed, or downstream of one
      new DatasetGraph(plan, batchSteps)
          .run(
              dataset -> steps.dataset(execution, dataset, drain, pass.streams),
              blocked,
              sensorFailed,
              recorder)
          .forEach(pass::add);
      for (PlannedSink sink : sinks) {
        if (sensorFailed || blocked.contains(DatasetGraph.key(sink.spec().from()))) {
          StepResult skipped = StepResult.skipped(sink.spec().name(), "sink");
          recorder.skipped(skipped);
          pass.add(skipped);
        } else {
          pass.add(steps.sink(execution, sink));
        }
      }
      if (export) {
        new DashboardExports(dashboards, recorder, clock)
            .run(plan, execution, pass.failure.isPresent() || !blocked.isEmpty())
            .forEach(pass::add);
      }
    }
    return pass.streams.isEmpty() ? pass.finish() : pass;
  }

  /** A pass over the graph: its results so far, and the continuous streams it started. */
  private final class Pass {
    final RunRecorder recorder;
    final Instant started;
    final List<StepResult> results = new ArrayList<>();
    final List<StepExecutor.RunningStream> streams = new ArrayList<>();
    Optional<String> failure = Optional.empty();
    RunResult result;

    Pass(RunRecorder recorder, Instant started) {
      this.recorder = recorder;
      this.started = started;
    }

    void add(StepResult step) {
      results.add(step);
      failure = failure.or(step::error);
    }

    RunResult result() {
      return result;
    }

    RunResult awaitStreams(Runnable refresh, Duration refreshEvery) {
      new StreamSupervisor(streams, recorder, listener, clock)
          .await(refresh, refreshEvery)
          .forEach(this::add);
      return finish().result();
    }

    Pass finish() {
      recorder.takeInnerResults().forEach(this::add); // sinks fed by streams, as they ended
      RunStatus status = failure.isPresent() ? RunStatus.FAILED : RunStatus.SUCCEEDED;
      Instant ended = clock.now();
      Duration took = Duration.between(started, ended);
      recorder.alerts().runEnded(results, failure, took);
      Plan plan = recorder.plan();
      store.finishRun(
          new RunRecord(
              recorder.runId(),
              plan.spec().name(),
              plan.spec().profile(),
              status,
              started,
              Optional.of(ended),
              plan.spec().parameters().toString(),
              failure));
      result = new RunResult(recorder.runId(), plan.spec().name(), status, results, took, failure);
      return this;
    }
  }
}
