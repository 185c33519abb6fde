package io.sluice.cli;

import io.sluice.core.plan.Plan;
import io.sluice.core.run.Engine;
import io.sluice.core.run.RunResult;
import io.sluice.core.store.DateRecord;
import io.sluice.core.store.JdbcRunStore;
import io.sluice.core.store.RunStatus;
import io.sluice.scheduler.RunLauncher;
import io.sluice.scheduler.RunRequest;
import io.sluice.scheduler.RunService;
import io.sluice.spec.PipelineSpec;
import io.sluice.spec.RunDate;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
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
    if (concurrency < 1) {
      throw new SluiceException(
          ErrorCode.INVALID_VALUE,
          "Cannot backfill with --concurrency " + concurrency + ": at least 1");
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
    java.util.concurrent.atomic.AtomicInteger ran = new java.util.concurrent.atomic.AtomicInteger();
    int skipped = 0;
    java.util.concurrent.atomic.AtomicReference<String> stopped =
        new java.util.concurrent.atomic.AtomicReference<>();
    RunLauncher launcher = RunCommand.launcher();
    Engine.Session spark = null;
    java.util.concurrent.ExecutorService pool =
        concurrency > 1 ? java.util.concurrent.Executors.newFixedThreadPool(concurrency) : null;
    try (JdbcRunStore store = JdbcRunStore.open(base.settings().runStore())) {
      List<java.util.concurrent.Future<?>> running = new ArrayList<>();
      for (RunDate date : dates) {
        String key = date.intervalStart().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        Optional<DateRecord> before = store.date(pipeline, key);
        String state =
            before
                .map(r -> r.status().name().toLowerCase(Locale.ROOT) + " (run " + r.runId() + ")")
                .orElse("not run");
        if (dryRun) {
          System.out.printf(
              Locale.ROOT,
              "  %s  [%s, %s)  %s%s%n",
              date.ds(),
              key,
              date.intervalEnd().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
              state,
              before.isPresent() && before.get().status() == RunStatus.SUCCEEDED && !rerun
                  ? ": skip"
                  : ": run");
          continue;
        }
        if (stopped.get() != null) {
          break;
        }
        String claim = "backfill-" + RunService.newRunId();
        if (!store.claimDate(pipeline, key, claim, rerun, "backfill")) {
          System.out.printf(Locale.ROOT, "  %s  skipped: %s%n", date.ds(), state);
          skipped++;
          continue;
        }
        Plan plan = plan(key);
        if (spark == null) {
          if (pool != null && (!plan.services().isEmpty() || !Services.needed(plan).isEmpty())) {
            store.finishDate(pipeline, key, claim, RunStatus.SKIPPED);
            throw new SluiceException(
                ErrorCode.INVALID_VALUE,
                "Cannot backfill "
                    + pipeline
                    + " with --concurrency "
                    + concurrency
                    + ": its runs start local services (embedded Kafka or PostgreSQL, or the"
                    + " profile's services) on fixed ports; use --concurrency 1 or a profile"
                    + " with external services");
          }
          spark = launcher.open(plan);
        }
        Engine.Session session = spark;
        Runnable one =
            () -> {
              if (stopped.get() != null) {
                store.finishDate(pipeline, key, claim, RunStatus.SKIPPED);
                return;
              }
              System.out.printf(
                  Locale.ROOT, "== %s  [%s, %s)%n", date.ds(), key, date.intervalEnd());
              RunResult result;
              try {
                result = launcher.execute(plan, RunRequest.all(), session);
              } catch (RuntimeException e) {
                store.finishDate(pipeline, key, claim, RunStatus.FAILED);
                stopped.compareAndSet(null, date.ds() + " (" + e.getMessage() + ")");
                return;
              }
              store.finishDate(pipeline, key, result.runId(), result.status());
              ran.incrementAndGet();
              if (result.status() != RunStatus.SUCCEEDED) {
                stopped.compareAndSet(null, date.ds() + ": run " + result.runId() + " failed");
              }
            };
        if (pool == null) {
          one.run();
        } else {
          running.add(pool.submit(one));
        }
      }
      for (java.util.concurrent.Future<?> future : running) {
        future.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Main.RUN_FAILED;
    } catch (java.util.concurrent.ExecutionException e) {
      throw new SluiceException(ErrorCode.RUN_FAILED, "A backfill run failed: " + e.getCause(), e);
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
      if (spark != null) {
        spark.close();
      }
    }
    if (stopped.get() != null) {
      System.out.printf(
          Locale.ROOT,
          "Backfill stopped at %s (%d run, %d skipped). Fix it and run the same command again:"
              + " finished dates are skipped.%n",
          stopped.get(),
          ran.get(),
          skipped);
      LogFile.pointTo(System.out);
      return Main.RUN_FAILED;
    }
    if (!dryRun) {
      System.out.printf(
          Locale.ROOT, "Backfill done: %d dates run, %d already done%n", ran.get(), skipped);
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
