package io.sluice.cli;

import io.sluice.core.ConnectorRegistry;
import io.sluice.core.plan.Plan;
import io.sluice.core.plan.Planner;
import io.sluice.core.run.RunResult;
import io.sluice.core.store.DateRecord;
import io.sluice.core.store.JdbcRunStore;
import io.sluice.core.store.RunStatus;
import io.sluice.engine.spark.SparkSqlAnalyzer;
import io.sluice.scheduler.RunRequest;
import io.sluice.scheduler.RunService;
import io.sluice.spec.Durations;
import io.sluice.spec.LoadRequest;
import io.sluice.spec.PipelineLoader;
import io.sluice.spec.PipelineSpec;
import io.sluice.spec.RunDate;
import io.sluice.spec.ValidationException;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice scheduler FILES|DIRS}: runs the due logical dates of every scheduled pipeline, in
 * order, until stopped. One scheduler at a time holds a lock in the run store (renewed by a
 * heartbeat; a holder silent for {@code --stale} loses it). Each date is claimed before its run, so
 * it is never run twice; a scheduler that starts after another died (kill -9) marks the dates that
 * one left running INTERRUPTED, with their runs, and runs them again.
 */
@Command(
    name = "scheduler",
    description = "Run scheduled pipelines when their dates are due; one instance per run store.")
final class SchedulerCommand implements Callable<Integer> {
  static final String LOCK = "scheduler";
  static final String CLAIMER = "scheduler";

  @Parameters(
      arity = "1..*",
      paramLabel = "PATH",
      description = "Pipeline files, or folders searched for pipeline.yaml files.")
  List<Path> paths;

  @Option(
      names = "--run-store",
      paramLabel = "JDBC_URL",
      description =
          "Where the scheduler's lock lives (default: ${DEFAULT-VALUE}); each pipeline's runs and"
              + " dates go to its own run store.")
  String lockStore = "jdbc:h2:file:./.sluice/scheduler";

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      description = "The profile of every pipeline (default: ${DEFAULT-VALUE}).")
  String profile = LoadRequest.DEFAULT_PROFILE;

  @Option(
      names = "--poll",
      paramLabel = "DURATION",
      description = "How often it looks for due dates (default: ${DEFAULT-VALUE}).")
  String poll = "30s";

  @Option(
      names = "--stale",
      paramLabel = "DURATION",
      description =
          "A lock whose holder has not renewed it for this long is taken over (default:"
              + " ${DEFAULT-VALUE}).")
  String stale = "30s";

  @Option(names = "--once", description = "Run what is due now, then exit.")
  boolean once;

  @Option(
      names = "--now",
      paramLabel = "INSTANT",
      description =
          "Pretend the time is this ISO instant (2024-07-08T00:00:00Z) when deciding what is due:"
              + " demos and tests with a controllable clock.")
  String now;

  @Option(
      names = {"-p", "--param"},
      paramLabel = "KEY=VALUE",
      description = "A parameter for every pipeline (each must declare it); repeatable.")
  Map<String, String> parameters = new java.util.LinkedHashMap<>();

  @Option(
      names = "--holder",
      paramLabel = "NAME",
      description = "This scheduler's name in the lock (default: host and process id).")
  String holder;

  @Option(
      names = "--lake",
      paramLabel = "PATH",
      description = "Use this lake for every pipeline (tests, demos).")
  String lake;

  @Option(
      names = "--pipeline-run-store",
      paramLabel = "JDBC_URL",
      description = "Use this run store for every pipeline (tests, demos).")
  String pipelineRunStore;

  /**
   * The pipelines' run stores, open for the scheduler's lifetime: an embedded H2 database closed
   * and reopened between a run's end and the next claim could lose the last write.
   */
  private final Map<String, JdbcRunStore> stores = new java.util.HashMap<>();

  private JdbcRunStore store(String url) {
    return stores.computeIfAbsent(url, JdbcRunStore::open);
  }

  @Override
  public Integer call() throws Exception {
    try {
      return schedule();
    } finally {
      stores.values().forEach(JdbcRunStore::close);
    }
  }

  private Integer schedule() throws Exception {
    Duration pollEvery = duration(poll, "--poll");
    Duration staleAfter = duration(stale, "--stale");
    String me =
        holder != null
            ? holder
            : java.net.InetAddress.getLoopbackAddress().getHostName()
                + "-"
                + ProcessHandle.current().pid();
    List<Path> files = discover(paths);
    if (files.isEmpty()) {
      throw new SluiceException(
          ErrorCode.FILE_NOT_FOUND, "Cannot schedule: no pipeline files under " + paths);
    }
    try (JdbcRunStore lockStoreHandle = JdbcRunStore.open(lockStore)) {
      if (!lockStoreHandle.lock(LOCK, me, staleAfter)) {
        System.err.println(
            "Cannot start the scheduler: another one holds the lock in "
                + JdbcRunStore.masked(lockStore)
                + ": "
                + lockStoreHandle.lockHolder(LOCK).orElse("?")
                + ". Stop it, or wait "
                + staleAfter.toSeconds()
                + "s after it died.");
        return Main.RUN_FAILED;
      }
      Thread heartbeat = heartbeat(lockStoreHandle, me, staleAfter);
      try {
        System.out.printf(
            Locale.ROOT,
            "Scheduler %s holds the lock in %s; %d pipeline file(s), polling every %ds%n",
            me,
            JdbcRunStore.masked(lockStore),
            files.size(),
            pollEvery.toSeconds());
        recover(files, me);
        while (true) {
          int ran = runDue(files);
          if (once) {
            System.out.printf(Locale.ROOT, "Scheduler: %d run(s); --once, stopping%n", ran);
            return Main.OK;
          }
          Thread.sleep(pollEvery.toMillis());
        }
      } finally {
        heartbeat.interrupt();
        lockStoreHandle.unlock(LOCK, me);
      }
    }
  }

  /** Renews the lock every third of the stale period; a lost lock stops the process. */
  private Thread heartbeat(JdbcRunStore store, String me, Duration staleAfter) {
    Thread beat =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                try {
                  Thread.sleep(Math.max(1_000, staleAfter.toMillis() / 3));
                  if (!store.lock(LOCK, me, staleAfter)) {
                    System.err.println(
                        "Scheduler "
                            + me
                            + " lost its lock to "
                            + store.lockHolder(LOCK).orElse("?")
                            + "; stopping");
                    System.exit(Main.RUN_FAILED);
                  }
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "sluice-scheduler-heartbeat");
    beat.setDaemon(true);
    beat.start();
    return beat;
  }

  /** Dates a dead scheduler left running: marked interrupted, run again by the loop. */
  private void recover(List<Path> files, String me) {
    Set<String> urls = new LinkedHashSet<>();
    for (Path file : files) {
      load(file, Optional.empty()).ifPresent(spec -> urls.add(spec.settings().runStore()));
    }
    for (String url : urls) {
      for (DateRecord date :
          store(url)
              .interruptClaims(
                  CLAIMER,
                  "interrupted: the scheduler running it stopped (killed?); "
                      + me
                      + " runs the date again")) {
        System.out.printf(
            Locale.ROOT,
            "Recovered %s %s: run %s was interrupted; it will run again%n",
            date.pipeline(),
            date.logicalDate(),
            date.runId());
      }
    }
  }

  /** Runs every due, unclaimed date of every pipeline, in order; returns how many ran. */
  private int runDue(List<Path> files) {
    int ran = 0;
    ZonedDateTime clock =
        now == null ? ZonedDateTime.now(ZoneOffset.UTC) : ZonedDateTime.parse(now);
    for (Path file : files) {
      Optional<PipelineSpec> spec = load(file, Optional.empty());
      if (spec.isEmpty() || spec.get().schedule().isEmpty()) {
        continue;
      }
      String pipeline = spec.get().name();
      List<RunDate> due = spec.get().schedule().get().dueIntervals(clock);
      for (RunDate date : due) {
        String key = date.intervalStart().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        String runId = RunService.newRunId();
        if (!store(spec.get().settings().runStore())
            .claimDate(pipeline, key, runId, false, CLAIMER)) {
          continue;
        }
        System.out.printf(
            Locale.ROOT,
            "== %s %s: run %s (data interval [%s, %s))%n",
            pipeline,
            date.ds(),
            runId,
            key,
            date.intervalEnd());
        RunStatus status = RunStatus.FAILED;
        try {
          Plan plan = plan(file, key);
          RunResult result = RunCommand.launcher().execute(plan, RunRequest.all().withRunId(runId));
          status = result.status();
          System.out.printf(
              Locale.ROOT,
              "== %s %s: run %s %s in %.1fs%n",
              pipeline,
              date.ds(),
              runId,
              status == RunStatus.SUCCEEDED ? "succeeded" : "FAILED",
              result.duration().toMillis() / 1000.0);
        } catch (RuntimeException e) {
          System.out.printf(
              Locale.ROOT,
              "== %s %s: run %s could not start: %s%n",
              pipeline,
              date.ds(),
              runId,
              e.getMessage());
        }
        store(spec.get().settings().runStore()).finishDate(pipeline, key, runId, status);
        ran++;
        if (status != RunStatus.SUCCEEDED) {
          break; // later dates wait: they run in order once this one succeeds (backfill or rerun)
        }
      }
    }
    return ran;
  }

  private Optional<PipelineSpec> load(Path file, Optional<String> date) {
    try {
      return Optional.of(
          overridden(
              PipelineLoader.load(
                  file, new LoadRequest(profile, parameters, System::getenv, date))));
    } catch (ValidationException e) {
      System.err.println("Skipping " + file + ": it does not validate:\n" + e.getMessage());
      return Optional.empty();
    }
  }

  private Plan plan(Path file, String intervalStart) {
    Plan plan =
        Planner.load(
            file,
            new LoadRequest(profile, parameters, System::getenv, Optional.of(intervalStart)),
            ConnectorRegistry.load(),
            new SparkSqlAnalyzer());
    return plan.withSpec(overridden(plan.spec()));
  }

  private PipelineSpec overridden(PipelineSpec spec) {
    return PipelineOptions.overridden(spec, lake, pipelineRunStore);
  }

  /** The pipeline files among {@code paths}: files as given, folders searched for pipeline.yaml. */
  static List<Path> discover(List<Path> paths) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        try (Stream<Path> found = Files.walk(path)) {
          found
              .filter(p -> p.getFileName().toString().equals("pipeline.yaml"))
              .sorted()
              .forEach(files::add);
        }
      } else if (Files.isRegularFile(path)) {
        files.add(path);
      } else {
        throw new SluiceException(
            ErrorCode.FILE_NOT_FOUND, "Cannot schedule " + path + ": no such file or folder");
      }
    }
    return files;
  }

  private static Duration duration(String text, String option) {
    return Durations.parse(text)
        .orElseThrow(
            () ->
                new SluiceException(
                    ErrorCode.INVALID_VALUE,
                    "Cannot use " + option + " '" + text + "': a duration such as 30s or 5m"));
  }
}
