package io.sluice.scheduler;

import io.sluice.core.plan.Plan;
import io.sluice.core.run.Engine;
import io.sluice.core.run.RunResult;
import io.sluice.core.store.DateClaims;
import io.sluice.core.store.DateRecord;
import io.sluice.core.store.RunStatus;
import io.sluice.spec.RunDate;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.io.PrintStream;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Runs a pipeline once for each logical date of a range, in order, in one engine session. Each date
 * is claimed first, so a date that succeeded is not run again (unless {@code rerun}): a stopped
 * backfill resumes where it stopped. The first failed date stops it; with {@code concurrency} above
 * 1 the dates already started finish. A dry run prints the dates and their state and runs nothing.
 */
public final class Backfill {
  /** Who claims the dates a backfill runs. */
  public static final String CLAIMER = "backfill";

  /** How a backfill runs. */
  public record Settings(boolean dryRun, boolean rerun, int concurrency) {
    public Settings {
      if (concurrency < 1) {
        throw new SluiceException(
            ErrorCode.INVALID_VALUE,
            "Cannot backfill with --concurrency " + concurrency + ": at least 1");
      }
    }
  }

  /**
   * How a backfill ended: dates run and skipped, and where it stopped (a failed date), if it did.
   */
  public record Outcome(int ran, int skipped, Optional<String> stoppedAt) {}

  /** Opens engine sessions and runs plans in them (the {@link RunLauncher} in production). */
  public interface Runs {
    Engine.Session open(Plan plan);

    RunResult run(Plan plan, RunRequest request, Engine.Session session);
  }

  private final String pipeline;
  private final DateClaims claims;
  private final Function<String, Plan> planFor;
  private final Predicate<Plan> startsLocalServices;
  private final Runs runs;
  private final PrintStream out;

  /**
   * @param planFor the plan for the interval starting at an ISO offset date-time
   * @param startsLocalServices whether a plan's runs start services on fixed local ports (they
   *     cannot run at once)
   */
  public Backfill(
      String pipeline,
      DateClaims claims,
      Function<String, Plan> planFor,
      Predicate<Plan> startsLocalServices,
      Runs runs,
      PrintStream out) {
    this.pipeline = pipeline;
    this.claims = claims;
    this.planFor = planFor;
    this.startsLocalServices = startsLocalServices;
    this.runs = runs;
    this.out = out;
  }

  public Outcome run(List<RunDate> dates, Settings settings) {
    AtomicInteger ran = new AtomicInteger();
    int skipped = 0;
    AtomicReference<String> stopped = new AtomicReference<>();
    Engine.Session session = null;
    ExecutorService pool =
        settings.concurrency() > 1 ? Executors.newFixedThreadPool(settings.concurrency()) : null;
    List<Future<?>> running = new ArrayList<>();
    try {
      for (RunDate date : dates) {
        String key = date.intervalStart().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        Optional<DateRecord> before = claims.date(pipeline, key);
        String state =
            before
                .map(r -> r.status().name().toLowerCase(Locale.ROOT) + " (run " + r.runId() + ")")
                .orElse("not run");
        if (settings.dryRun()) {
          out.printf(
              Locale.ROOT,
              "  %s  [%s, %s)  %s%s%n",
              date.ds(),
              key,
              date.intervalEnd().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
              state,
              before.isPresent()
                      && before.get().status() == RunStatus.SUCCEEDED
                      && !settings.rerun()
                  ? ": skip"
                  : ": run");
          continue;
        }
        if (stopped.get() != null) {
          break;
        }
        String claim = "backfill-" + RunService.newRunId();
        if (!claims.claimDate(pipeline, key, claim, settings.rerun(), CLAIMER)) {
          out.printf(Locale.ROOT, "  %s  skipped: %s%n", date.ds(), state);
          skipped++;
          continue;
        }
        Plan plan = planFor.apply(key);
        if (session == null) {
          if (pool != null && startsLocalServices.test(plan)) {
            claims.finishDate(pipeline, key, claim, RunStatus.SKIPPED);
            throw new SluiceException(
                ErrorCode.INVALID_VALUE,
                "Cannot backfill "
                    + pipeline
                    + " with --concurrency "
                    + settings.concurrency()
                    + ": its runs start local services (embedded Kafka or PostgreSQL, or the"
                    + " profile's services) on fixed ports; use --concurrency 1 or a profile"
                    + " with external services");
          }
          session = runs.open(plan);
        }
        Engine.Session shared = session;
        Runnable one = () -> runDate(date, key, claim, plan, shared, ran, stopped);
        if (pool == null) {
          one.run();
        } else {
          running.add(pool.submit(one));
        }
      }
      for (Future<?> future : running) {
        future.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped.compareAndSet(null, "an interruption");
    } catch (ExecutionException e) {
      throw new SluiceException(ErrorCode.RUN_FAILED, "A backfill run failed: " + e.getCause(), e);
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
      if (session != null) {
        session.close();
      }
    }
    return new Outcome(ran.get(), skipped, Optional.ofNullable(stopped.get()));
  }

  private void runDate(
      RunDate date,
      String key,
      String claim,
      Plan plan,
      Engine.Session session,
      AtomicInteger ran,
      AtomicReference<String> stopped) {
    if (stopped.get() != null) {
      claims.finishDate(pipeline, key, claim, RunStatus.SKIPPED);
      return;
    }
    out.printf(Locale.ROOT, "== %s  [%s, %s)%n", date.ds(), key, date.intervalEnd());
    RunResult result;
    try {
      result = runs.run(plan, RunRequest.all(), session);
    } catch (RuntimeException e) {
      claims.finishDate(pipeline, key, claim, RunStatus.FAILED);
      stopped.compareAndSet(null, date.ds() + " (" + e.getMessage() + ")");
      return;
    }
    claims.finishDate(pipeline, key, result.runId(), result.status());
    ran.incrementAndGet();
    if (result.status() != RunStatus.SUCCEEDED) {
      stopped.compareAndSet(null, date.ds() + ": run " + result.runId() + " failed");
    }
  }
}
