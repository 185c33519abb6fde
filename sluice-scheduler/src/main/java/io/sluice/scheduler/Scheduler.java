package io.sluice.scheduler;

import io.sluice.core.plan.Plan;
import io.sluice.core.run.RunClock;
import io.sluice.core.run.RunResult;
import io.sluice.core.store.DateClaims;
import io.sluice.core.store.DateRecord;
import io.sluice.core.store.RunStatus;
import io.sluice.spec.PipelineSpec;
import io.sluice.spec.RunDate;
import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Runs the due logical dates of scheduled pipelines, oldest first (Airflow's catch-up): each date
 * is claimed in its pipeline's run store before its run, so it is never run twice; a failed date
 * stops that pipeline's later dates until it succeeds (they run in order). After a scheduler died,
 * the next one marks the dates it left running interrupted and runs them again.
 */
public final class Scheduler {
  /** Who claims the dates a scheduler runs. */
  public static final String CLAIMER = "scheduler";

  /** A scheduled pipeline file: its spec (for the schedule), and its plan for one interval. */
  public interface Pipeline {
    /** The file, for messages. */
    String source();

    /** The spec without a logical date; empty when the file does not validate (reported). */
    Optional<PipelineSpec> spec();

    /** The plan for the interval starting at {@code intervalStart} (ISO offset date-time). */
    Plan plan(String intervalStart);
  }

  /** Runs a plan as a run request asks (the {@link RunLauncher} in production). */
  @FunctionalInterface
  public interface Runs {
    RunResult run(Plan plan, RunRequest request);
  }

  private final List<Pipeline> pipelines;
  private final Function<String, DateClaims> claims;
  private final Runs runs;
  private final RunClock clock;
  private final PrintStream out;

  /**
   * @param claims the date claims of a run store, by its URL
   */
  public Scheduler(
      List<Pipeline> pipelines,
      Function<String, DateClaims> claims,
      Runs runs,
      RunClock clock,
      PrintStream out) {
    this.pipelines = List.copyOf(pipelines);
    this.claims = claims;
    this.runs = runs;
    this.clock = clock;
    this.out = out;
  }

  /** Dates a dead scheduler left running: marked interrupted, to be run again by the loop. */
  public List<DateRecord> recover(String me) {
    Set<String> urls = new LinkedHashSet<>();
    for (Pipeline pipeline : pipelines) {
      pipeline.spec().ifPresent(spec -> urls.add(spec.settings().runStore()));
    }
    List<DateRecord> recovered = new java.util.ArrayList<>();
    for (String url : urls) {
      for (DateRecord date :
          claims
              .apply(url)
              .interruptClaims(
                  CLAIMER,
                  "interrupted: the scheduler running it stopped (killed?); "
                      + me
                      + " runs the date again")) {
        out.printf(
            Locale.ROOT,
            "Recovered %s %s: run %s was interrupted; it will run again%n",
            date.pipeline(),
            date.logicalDate(),
            date.runId());
        recovered.add(date);
      }
    }
    return recovered;
  }

  /** Runs every due, unclaimed date of every pipeline, in order; returns how many ran. */
  public int runDue() {
    int ran = 0;
    ZonedDateTime now = clock.now().atZone(ZoneOffset.UTC);
    for (Pipeline pipeline : pipelines) {
      Optional<PipelineSpec> spec = pipeline.spec();
      if (spec.isEmpty() || spec.get().schedule().isEmpty()) {
        continue;
      }
      String name = spec.get().name();
      DateClaims store = claims.apply(spec.get().settings().runStore());
      for (RunDate date : spec.get().schedule().get().dueIntervals(now)) {
        String key = date.intervalStart().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        String runId = RunService.newRunId(clock.now());
        if (!store.claimDate(name, key, runId, false, CLAIMER)) {
          continue;
        }
        out.printf(
            Locale.ROOT,
            "== %s %s: run %s (data interval [%s, %s))%n",
            name,
            date.ds(),
            runId,
            key,
            date.intervalEnd());
        RunStatus status = run(pipeline, name, date, key, runId);
        store.finishDate(name, key, runId, status);
        ran++;
        if (status != RunStatus.SUCCEEDED) {
          break; // later dates wait: they run in order once this one succeeds (backfill or rerun)
        }
      }
    }
    return ran;
  }

  private RunStatus run(Pipeline pipeline, String name, RunDate date, String key, String runId) {
    try {
      RunResult result = runs.run(pipeline.plan(key), RunRequest.all().withRunId(runId));
      out.printf(
          Locale.ROOT,
          "== %s %s: run %s %s in %.1fs%n",
          name,
          date.ds(),
          runId,
          result.status() == RunStatus.SUCCEEDED ? "succeeded" : "FAILED",
          result.duration().toMillis() / 1000.0);
      return result.status();
    } catch (RuntimeException e) {
      out.printf(
          Locale.ROOT,
          "== %s %s: run %s could not start: %s%n",
          name,
          date.ds(),
          runId,
          e.getMessage());
      return RunStatus.FAILED;
    }
  }
}
