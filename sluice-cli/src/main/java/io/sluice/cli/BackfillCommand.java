package io.sluice.cli;

import io.sluice.core.plan.Plan;
import io.sluice.core.run.Engine;
import io.sluice.core.run.RunResult;
import io.sluice.core.store.JdbcRunStore;
import io.sluice.scheduler.Backfill;
import io.sluice.scheduler.RunLauncher;
import io.sluice.scheduler.RunRequest;
import io.sluice.spec.PipelineSpec;
import io.sluice.spec.RunDate;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sluice backfill FILE --from D1 --to D2}: runs the pipeline once for each logical date in
 * the range, in order (the schedule's intervals, or every day without a schedule). Each date is
 * claimed in the run store first, so a date that succeeded is not run again: a stopped backfill
 * resumes where it stopped. {@code --dry-run} prints the dates and what is rendered, runs nothing.
 */
@Command(
    name = "backfill",
    description = "Run a pipeline for each logical date of a range, in order; resumable.")
final class BackfillCommand implements Callable<Integer> {
  @Mixin PipelineOptions options;

  @Option(names = "--from", required = true, paramLabel = "DATE", description = "First date.")
  String from;

  @Option(names = "--to", required = true, paramLabel = "DATE", description = "Last date.")
  String to;

  @Option(
      names = "--dry-run",
      description = "Print the dates, their data intervals and their state; run nothing.")
  boolean dryRun;

  @Option(
      names = "--rerun",
      description = "Run dates that already succeeded again (default: skip them).")
  boolean rerun;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      description =
          "Dates run at once in one Spark session (default: ${DEFAULT-VALUE}); started in date"
              + " order. Above 1 only for pipelines whose runs start no local services.")
  int concurrency = 1;

  @Override
  public Integer call() {
    LocalDate first = day(from, "--from");
    LocalDate last = day(to, "--to");
    if (last.isBefore(first)) {
      throw new SluiceException(
          ErrorCode.INVALID_VALUE,
          "Cannot backfill from " + first + " to " + last + ": --to is earlier");
    }
    PipelineSpec base = options.load();
    List<RunDate> dates = new ArrayList<>();
    if (base.schedule().isPresent()) {
      dates.addAll(base.schedule().get().intervalsOn(first, last));
    } else {
      for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
        dates.add(RunDate.day(d));
      }
    }
    String pipeline = base.name();
    System.out.printf(
        Locale.ROOT,
        "Backfill %s: %d logical dates from %s to %s (%s)%n",
        pipeline,
        dates.size(),
        first,
        last,
        base.schedule()
            .map(s -> "schedule '" + s.cron() + "' in " + s.timezone())
            .orElse("daily, UTC: the pipeline has no schedule"));
    RunLauncher launcher = RunCommand.launcher();
    Backfill.Outcome outcome;
    try (JdbcRunStore store = JdbcRunStore.open(base.settings().runStore())) {
      outcome =
          new Backfill(
                  pipeline,
                  store,
                  this::plan,
                  plan -> !plan.services().isEmpty() || !Services.needed(plan).isEmpty(),
                  new Backfill.Runs() {
                    @Override
                    public Engine.Session open(Plan plan) {
                      return launcher.open(plan);
                    }

                    @Override
                    public RunResult run(Plan plan, RunRequest request, Engine.Session session) {
                      return launcher.execute(plan, request, session);
                    }
                  },
                  System.out)
              .run(dates, new Backfill.Settings(dryRun, rerun, concurrency));
    }
    if (outcome.stoppedAt().isPresent()) {
      System.out.printf(
          Locale.ROOT,
          "Backfill stopped at %s (%d run, %d skipped). Fix it and run the same command again:"
              + " finished dates are skipped.%n",
          outcome.stoppedAt().get(),
          outcome.ran(),
          outcome.skipped());
      LogFile.pointTo(System.out);
      return Main.RUN_FAILED;
    }
    if (!dryRun) {
      System.out.printf(
          Locale.ROOT,
          "Backfill done: %d dates run, %d already done%n",
          outcome.ran(),
          outcome.skipped());
    }
    return Main.OK;
  }

  private Plan plan(String intervalStart) {
    return options.plan(options.request(Optional.of(intervalStart)));
  }

  private static LocalDate day(String text, String option) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new SluiceException(
          ErrorCode.INVALID_VALUE,
          "Cannot use " + option + " '" + text + "': not a date YYYY-MM-DD");
    }
  }
}
