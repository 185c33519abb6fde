package io.sluice.cli;

import io.sluice.core.ConnectorRegistry;
import io.sluice.core.plan.Plan;
import io.sluice.core.plan.Planner;
import io.sluice.core.run.RunClock;
import io.sluice.core.store.JdbcRunStore;
import io.sluice.engine.spark.SparkSqlAnalyzer;
import io.sluice.scheduler.RunLauncher;
import io.sluice.scheduler.Scheduler;
import io.sluice.scheduler.SchedulerLoop;
import io.sluice.spec.Durations;
import io.sluice.spec.LoadRequest;
import io.sluice.spec.PipelineLoader;
import io.sluice.spec.PipelineSpec;
import io.sluice.spec.ValidationException;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
    List<Scheduler.Pipeline> pipelines = new ArrayList<>();
    files.forEach(file -> pipelines.add(new File(file)));
    RunClock clock = now == null ? RunClock.SYSTEM : fixed(Instant.parse(now));
    RunLauncher launcher = RunCommand.launcher();
    Scheduler scheduler =
        new Scheduler(pipelines, this::store, launcher::execute, clock, System.out);
    try (JdbcRunStore lockStoreHandle = JdbcRunStore.open(lockStore)) {
      Runnable lost =
          () -> {
            System.err.println(
                "Scheduler "
                    + me
                    + " lost its lock to "
                    + lockStoreHandle.lockHolder(SchedulerLoop.LOCK).orElse("?")
                    + "; stopping");
            System.exit(Main.RUN_FAILED);
          };
      SchedulerLoop.Ended ended =
          new SchedulerLoop(scheduler, lockStoreHandle, me, staleAfter, clock, lost)
              .run(
                  once,
                  pollEvery,
                  () ->
                      System.out.printf(
                          Locale.ROOT,
                          "Scheduler %s holds the lock in %s; %d pipeline file(s), polling every"
                              + " %ds%n",
                          me,
                          JdbcRunStore.masked(lockStore),
                          files.size(),
                          pollEvery.toSeconds()));
      return switch (ended.outcome()) {
        case LOCKED -> {
          System.err.println(
              "Cannot start the scheduler: another one holds the lock in "
                  + JdbcRunStore.masked(lockStore)
                  + ": "
                  + lockStoreHandle.lockHolder(SchedulerLoop.LOCK).orElse("?")
                  + ". Stop it, or wait "
                  + staleAfter.toSeconds()
                  + "s after it died.");
          yield Main.RUN_FAILED;
        }
        case DONE -> {
          System.out.printf(Locale.ROOT, "Scheduler: %d run(s); --once, stopping%n", ended.runs());
          yield Main.OK;
        }
        case INTERRUPTED -> Main.RUN_FAILED;
      };
    }
  }

  /** A clock that stays at {@code instant} (--now), for demos and tests; sleeps still wait. */
  private static RunClock fixed(Instant instant) {
    return new RunClock() {
      @Override
      public Instant now() {
        return instant;
      }

      @Override
      public void sleep(Duration duration) throws InterruptedException {
        RunClock.SYSTEM.sleep(duration);
      }
    };
  }

  /** A pipeline file as the scheduler sees it: loaded again on each pass (edits take effect). */
  private final class File implements Scheduler.Pipeline {
    private final Path file;

    File(Path file) {
      this.file = file;
    }

    @Override
    public String source() {
      return file.toString();
    }

    @Override
    public Optional<PipelineSpec> spec() {
      return load(file, Optional.empty());
    }

    @Override
    public Plan plan(String intervalStart) {
      return SchedulerCommand.this.plan(file, intervalStart);
    }
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
