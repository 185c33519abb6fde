package io.sluice.cli;

import io.sluice.core.plan.Plan;
import io.sluice.core.store.JdbcRunStore;
import io.sluice.core.store.RunRecord;
import io.sluice.core.store.RunStatus;
import io.sluice.core.store.StepRecord;
import io.sluice.spec.EngineSettings;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code sluice run} with {@code deploy_mode: cluster}: submits the driver to the cluster with
 * Spark's own {@code SparkSubmit} (a child JVM, as the {@code spark-submit} script runs it), then
 * follows the run in the run store, where the driver reports: the run appearing, each step as it
 * ends, the outcome (the exit code). The driver gets the pipeline file's text, so the file need not
 * be on the cluster; what it references (inputs, models) must be where the cluster reads them.
 */
final class ClusterSubmit {
  private final Plan plan;
  private final PrintStream out;

  ClusterSubmit(Plan plan, PrintStream out) {
    this.plan = plan;
    this.out = out;
  }

  /**
   * Submits and waits for the run {@code runId} to end; {@code runArgs} are {@code run}'s own
   * options to pass on (--only, --once ...). Returns the exit code.
   */
  int submitAndFollow(
      PipelineOptions options, String runId, List<String> runArgs, Duration startTimeout)
      throws IOException, InterruptedException {
    EngineSettings settings = plan.spec().settings();
    Path work = Files.createDirectories(Path.of(".sluice", "submit"));
    String packaged = settings.sparkConf().get(io.sluice.spec.FormatOptions.PACKAGE_PROPERTY);
    List<String> urls;
    String size;
    if (packaged != null) {
      urls =
          io.sluice.engine.spark.ApplicationJars.packaged(
              packaged, io.sluice.engine.spark.SparkSessions.hadoopConf(settings.sparkConf()));
      size = "from " + packaged;
    } else {
      io.sluice.engine.spark.ApplicationJars jars =
          io.sluice.engine.spark.ApplicationJars.of(Main.class, List.of(), work.resolve("classes"));
      urls = jars.urls();
      size = String.format(Locale.ROOT, "%.0f MB from this machine", jars.bytes() / 1e6);
    }
    List<String> driverArgs = driverArgs(options, runId, runArgs);
    List<String> args =
        SubmitArgs.of(
            settings, "sluice " + plan.spec().name(), urls, SubmitArgs.jvmFlags(), driverArgs);
    Path log = work.resolve(runId + ".log");
    // the run store first: nothing is submitted that this machine could not follow
    try (JdbcRunStore store = JdbcRunStore.open(settings.runStore())) {
      out.printf(
          Locale.ROOT,
          "Submitting the driver of %s to %s (deploy mode cluster, %d jars %s); run %s%n",
          plan.spec().name(),
          settings.sparkMaster(),
          urls.size(),
          size,
          runId);
      Path argFile = work.resolve(runId + ".args");
      Process submit = startSparkSubmit(args, argFile, log);
      // it holds the profile's Spark properties (keys among them): gone once spark-submit read it
      var unused = submit.onExit().thenRun(() -> deleteQuietly(argFile));
      return follow(store, settings.runStore(), runId, submit, log, startTimeout);
    }
  }

  /** The driver's command line: {@code run FILE --driver --pipeline-base64 ...} and the options. */
  static List<String> driverArgs(PipelineOptions options, String runId, List<String> runArgs)
      throws IOException {
    List<String> args =
        SubmitArgs.driver(
            String.valueOf(options.file.getFileName()),
            Base64.getEncoder().encodeToString(Files.readAllBytes(options.file)),
            options.profile);
    args.add("--run-id=" + runId);
    options.parameters.forEach((key, value) -> args.add("--param=" + key + "=" + value));
    if (options.date != null) {
      args.add("--date=" + options.date);
    }
    if (options.lake != null) {
      args.add("--lake=" + options.lake);
    }
    if (options.runStore != null) {
      args.add("--run-store=" + options.runStore);
    }
    args.addAll(runArgs);
    return args;
  }

  private static Process startSparkSubmit(List<String> args, Path argFile, Path log)
      throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("-cp");
    lines.add(quoted(System.getProperty("java.class.path")));
    lines.add(org.apache.spark.deploy.SparkSubmit.class.getName());
    args.forEach(arg -> lines.add(quoted(arg)));
    Files.write(argFile, lines, StandardCharsets.UTF_8);
    argFile.toFile().setReadable(false, false);
    argFile.toFile().setReadable(true, true);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    for (String flag : io.sluice.engine.spark.SparkSessions.moduleFlags().split(" ")) {
      if (!flag.isBlank()) {
        command.add(flag);
      }
    }
    command.add("@" + argFile.toAbsolutePath());
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      System.err.println("Cannot delete " + file + ": " + e.getMessage());
    }
  }

  /** An argument file entry: quoted, with backslashes and quotes escaped. */
  static String quoted(String arg) {
    return '"' + arg.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  private int follow(
      JdbcRunStore store,
      String runStore,
      String runId,
      Process submit,
      Path log,
      Duration startTimeout)
      throws InterruptedException, IOException {
    long deadline = System.nanoTime() + startTimeout.toNanos();
    Set<String> reported = new HashSet<>();
    boolean started = false;
    while (true) {
      Optional<RunRecord> run = store.run(runId);
      if (run.isPresent() && !started) {
        started = true;
        out.println("The driver reports run " + runId + " to " + redacted(runStore));
      }
      if (run.isPresent()) {
        for (StepRecord step : store.steps(runId)) {
          if (step.status() != RunStatus.RUNNING && reported.add(step.step())) {
            out.println(stepLine(step));
            step.error().ifPresent(error -> out.println("      " + error));
          }
        }
        if (run.get().status() != RunStatus.RUNNING) {
          return finished(run.get());
        }
      } else if (!submit.isAlive() && submit.exitValue() != 0) {
        throw new SluiceException(
            ErrorCode.RUN_FAILED,
            "Cannot submit the driver: spark-submit exited with "
                + submit.exitValue()
                + "\n"
                + tail(log)
                + "\n(the whole output: "
                + log
                + ")");
      } else if (System.nanoTime() > deadline) {
        throw new SluiceException(
            ErrorCode.RUN_FAILED,
            "The driver of run "
                + runId
                + " did not report to the run store within "
                + startTimeout.toSeconds()
                + "s: see the driver's log on the cluster (the submission's output: "
                + log
                + ")");
      }
      Thread.sleep(1000);
    }
  }

  private int finished(RunRecord run) {
    Duration took =
        Duration.between(run.startedAt(), run.endedAt().orElse(java.time.Instant.now()));
    out.printf(
        Locale.ROOT,
        "Run %s %s in %.1fs (on the cluster)%n",
        run.runId(),
        run.status() == RunStatus.SUCCEEDED ? "succeeded" : run.status().name(),
        took.toMillis() / 1000.0);
    run.error().ifPresent(error -> out.println("  " + error));
    return run.status() == RunStatus.SUCCEEDED ? Main.OK : Main.RUN_FAILED;
  }

  /** A step the driver finished, as the console prints a local run's. */
  static String stepLine(StepRecord step) {
    double seconds =
        step.endedAt().map(end -> Duration.between(step.startedAt(), end).toMillis()).orElse(0L)
            / 1000.0;
    return String.format(
        Locale.ROOT,
        "  %-34s %,11d in %,11d out %,9d quarantined %,9d dropped %7.1fs  %s",
        step.step(),
        step.rowsIn(),
        step.rowsOut(),
        step.quarantined(),
        step.dropped(),
        seconds,
        step.status() == RunStatus.SUCCEEDED ? "ok" : step.status().name());
  }

  private static String redacted(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
  }
}
