package io.sluice.cli;

import io.sluice.core.store.CheckRecord;
import io.sluice.core.store.JdbcRunStore;
import io.sluice.core.store.RunRecord;
import io.sluice.core.store.RunStore;
import io.sluice.core.store.StepRecord;
import io.sluice.spec.FormatOptions;
import io.sluice.spec.LoadRequest;
import io.sluice.spec.PipelineLoader;
import io.sluice.spec.PipelineSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice runs [FILE]}: the run history, or one run's steps with {@code --run ID}. */
@Command(name = "runs", description = "Show the run history from the run store.")
final class RunsCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
          .withZone(ZoneId.systemDefault());

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "FILE",
      description = "A pipeline file: its store and its runs only.")
  Path file;

  @Option(
      names = "--store",
      description = "Run store JDBC URL (default: the file's, else ${DEFAULT-VALUE}).")
  String store = FormatOptions.RUN_STORE.defaultValue().orElseThrow();

  @Option(
      names = "--run",
      paramLabel = "RUN_ID",
      description = "Show the steps and checks of one run.")
  String runId;

  @Option(
      names = {"-n", "--limit"},
      description = "How many runs (default: ${DEFAULT-VALUE}).")
  int limit = 20;

  @Override
  public Integer call() {
    String pipeline = null;
    String url = store;
    if (file != null) {
      PipelineSpec spec = PipelineLoader.load(file, LoadRequest.defaults());
      pipeline = spec.name();
      url = spec.settings().runStore();
    }
    try (RunStore runs = JdbcRunStore.open(url)) {
      if (runId != null) {
        printRun(runs, runId);
      } else {
        printHistory(runs.recentRuns(pipeline, limit));
      }
    }
    return Main.OK;
  }

  private static void printHistory(List<RunRecord> runs) {
    System.out.printf(
        "%-22s %-22s %-10s %-19s %9s  %s%n",
        "RUN", "PIPELINE", "STATUS", "STARTED", "SECONDS", "ERROR");
    for (RunRecord run : runs) {
      String seconds =
          run.endedAt()
              .map(
                  end ->
                      String.format(
                          Locale.ROOT,
                          "%.1f",
                          Duration.between(run.startedAt(), end).toMillis() / 1000.0))
              .orElse("-");
      System.out.printf(
          "%-22s %-22s %-10s %-19s %9s  %s%n",
          run.runId(),
          run.pipeline(),
          run.status(),
          TIME.format(run.startedAt()),
          seconds,
          run.error().map(RunsCommand::firstLine).orElse(""));
    }
    if (runs.isEmpty()) {
      System.out.println("(no runs yet)");
    }
  }

  private static void printRun(RunStore runs, String runId) {
    List<StepRecord> steps = runs.steps(runId);
    if (steps.isEmpty()) {
      System.out.println("No steps recorded for run " + runId);
      return;
    }
    System.out.printf(
        "%-34s %-8s %-10s %11s %11s %11s %9s%n",
        "STEP", "KIND", "STATUS", "IN", "OUT", "QUARANTINED", "DROPPED");
    for (StepRecord step : steps) {
      System.out.printf(
          Locale.ROOT,
          "%-34s %-8s %-10s %,11d %,11d %,11d %,9d%n",
          step.step(),
          step.kind(),
          step.status(),
          step.rowsIn(),
          step.rowsOut(),
          step.quarantined(),
          step.dropped());
      step.error().ifPresent(error -> System.out.println("    " + error));
    }
    List<CheckRecord> checks = runs.checks(runId);
    if (!checks.isEmpty()) {
      System.out.println();
      System.out.printf("%-34s %-28s %-11s %11s%n", "STEP", "CHECK", "ON_FAIL", "FAILED ROWS");
      for (CheckRecord check : checks) {
        System.out.printf(
            Locale.ROOT,
            "%-34s %-28s %-11s %,11d%n",
            check.step(),
            check.checkName(),
            check.onFail(),
            check.failedRows());
      }
    }
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
