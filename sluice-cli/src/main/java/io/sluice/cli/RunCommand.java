package io.sluice.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.plan.Plan;
import io.sluice.core.run.RunClock;
import io.sluice.core.run.RunResult;
import io.sluice.core.run.StepResult;
import io.sluice.core.store.RunStatus;
import io.sluice.engine.spark.SparkEngine;
import io.sluice.scheduler.AlertSender;
import io.sluice.scheduler.RunLauncher;
import io.sluice.scheduler.RunRequest;
import io.sluice.server.console.ReportExport;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sluice run FILE}: validate, plan, materialise every dataset, write every sink. */
@Command(
    name = "run",
    description = "Run a pipeline: every dataset in graph order, then every sink.")
final class RunCommand implements Callable<Integer> {
  @Mixin PipelineOptions options;

  @Option(
      names = "--only",
      paramLabel = "DATASET",
      description = "Materialise only this dataset (and sinks reading it).")
  String only;

  @Option(
      names = "--step",
      paramLabel = "NAME",
      description =
          "Run only this step, a dataset or a sink, with the lake as it is (one task of an"
              + " exported Airflow DAG).")
  String step;

  @Option(
      names = "--once",
      description =
          "Streaming datasets read what their sources hold now, then stop (as with trigger"
              + " available-now), and the run goes on with the datasets after them. Without it,"
              + " a pipeline with streaming datasets runs until Ctrl-C.")
  boolean once;

  @Option(
      names = "--refresh",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description =
          "While streaming datasets run: refresh the datasets and sinks they feed at most this"
              + " often, after new micro-batches (default: ${DEFAULT-VALUE}).")
  long refreshSeconds;

  @Option(
      names = "--summary-json",
      paramLabel = "PATH",
      description = "Write the run's summary as JSON to PATH.")
  Path summaryJson;

  @Option(
      names = "--submit-timeout",
      paramLabel = "SECONDS",
      defaultValue = "300",
      description =
          "With deploy_mode cluster: how long the submitted driver may take to report to the run"
              + " store before the run counts as not started (default: ${DEFAULT-VALUE}).")
  long submitTimeoutSeconds;

  /** This process is the driver that `run` submitted to a cluster: run here, do not submit. */
  @Option(names = "--driver", hidden = true)
  boolean driver;

  @Option(names = "--run-id", hidden = true)
  String runId;

  /** The pipeline file's text (the file is on the submitting machine, not on the cluster). */
  @Option(names = "--pipeline-base64", hidden = true)
  String pipelineBase64;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (pipelineBase64 != null) {
      options.file = DriverFiles.pipeline(options.file, pipelineBase64);
    }
    Plan plan = options.plan();
    if (only != null && plan.dataset(only).isEmpty()) {
      throw new SluiceException(
          ErrorCode.UNDEFINED_REFERENCE,
          "Cannot run only dataset '"
              + only
              + "': the pipeline defines "
              + plan.datasets().stream().map(d -> d.name()).toList());
    }
    System.out.printf(
        "Running %s (profile %s, lake %s, spark %s)%n",
        plan.spec().name(),
        plan.spec().profile(),
        plan.spec().settings().lake(),
        plan.spec().settings().sparkMaster());
    if (only != null && step != null) {
      throw new SluiceException(
          ErrorCode.INVALID_VALUE, "Cannot use --only and --step together: choose one");
    }
    java.time.Duration refresh = java.time.Duration.ofSeconds(Math.max(1, refreshSeconds));
    if (plan.spec().settings().clusterDriver() && !driver) {
      return new ClusterSubmit(plan, System.out)
          .submitAndFollow(
              options,
              io.sluice.scheduler.RunService.newRunId(),
              passedOn(),
              java.time.Duration.ofSeconds(submitTimeoutSeconds));
    }
    RunRequest request =
        step != null
            ? RunRequest.step(step)
            : RunRequest.only(Optional.ofNullable(only), once, refresh);
    RunResult result = launcher().execute(plan, runId == null ? request : request.withRunId(runId));
    System.out.printf(
        Locale.ROOT,
        "Run %s %s in %.1fs%n",
        result.runId(),
        result.status() == RunStatus.SUCCEEDED ? "succeeded" : "FAILED",
        result.duration().toMillis() / 1000.0);
    if (result.status() != RunStatus.SUCCEEDED) {
      LogFile.pointTo(System.out);
    }
    java.util.Set<String> written = new java.util.LinkedHashSet<>();
    for (StepResult step : result.steps()) {
      if ((step.kind().equals("sink") || step.kind().equals("dashboard"))
          && step.status() == RunStatus.SUCCEEDED) {
        written.add(step.target());
      }
    }
    written.forEach(target -> System.out.println("Wrote " + target));
    if (summaryJson != null) {
      writeSummary(result, summaryJson);
    }
    return result.status() == RunStatus.SUCCEEDED ? Main.OK : Main.RUN_FAILED;
  }

  /** The options of this command the submitted driver runs with. */
  private java.util.List<String> passedOn() {
    java.util.List<String> args = new java.util.ArrayList<>();
    if (only != null) {
      args.add("--only=" + only);
    }
    if (step != null) {
      args.add("--step=" + step);
    }
    if (once) {
      args.add("--once");
    }
    args.add("--refresh=" + refreshSeconds);
    return args;
  }

  /** The launcher every command runs plans with: Spark, the console, the system clock. */
  static RunLauncher launcher() {
    return new RunLauncher(
        new SparkEngine(),
        Services::start,
        new ConsoleListener(System.out, Terminal.isInteractive()),
        RunClock.SYSTEM,
        AlertSender.HTTP,
        new ReportExport());
  }

  static void writeSummary(RunResult result, Path path) throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root =
        mapper
            .createObjectNode()
            .put("run_id", result.runId())
            .put("pipeline", result.pipeline())
            .put("status", result.status().name().toLowerCase(Locale.ROOT))
            .put("seconds", result.duration().toMillis() / 1000.0);
    result.error().ifPresent(error -> root.put("error", error));
    ArrayNode steps = root.putArray("steps");
    for (StepResult step : result.steps()) {
      ObjectNode node =
          steps
              .addObject()
              .put("name", step.name())
              .put("kind", step.kind())
              .put("status", step.status().name().toLowerCase(Locale.ROOT))
              .put("rows_in", step.rowsIn())
              .put("rows_out", step.rowsOut())
              .put("quarantined", step.quarantined())
              .put("dropped", step.dropped())
              .put("warned", step.warned())
              .put("seconds", step.duration().toMillis() / 1000.0)
              .put("target", step.target());
      ObjectNode checks = node.putObject("checks");
      step.failedByCheck().forEach(checks::put);
      step.error().ifPresent(error -> node.put("error", error));
    }
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(
        path,
        io.sluice.spi.Redaction.scrub(mapper.writeValueAsString(root)),
        java.nio.charset.StandardCharsets.UTF_8);
  }
}
