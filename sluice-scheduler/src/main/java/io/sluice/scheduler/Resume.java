package io.sluice.scheduler;

import io.sluice.core.plan.Plan;
import io.sluice.core.run.RunResult;
import io.sluice.core.store.DateClaims;
import io.sluice.core.store.DateRecord;
import io.sluice.core.store.RunRecord;
import io.sluice.core.store.RunStatus;
import io.sluice.core.store.RunStore;
import io.sluice.core.store.StepRecord;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Runs again what a failed run did not finish, for the same logical date: the steps that succeeded
 * are not redone (their lake tables feed the rest), sensors are checked again, and the date's claim
 * moves to the new run.
 */
public final class Resume {
  /** Who claims the date of a resumed run. */
  public static final String CLAIMER = "resume";

  /** What a run left: its record, the steps it finished, and the logical date it claimed. */
  public record Leftover(RunRecord run, Set<String> done, Optional<DateRecord> date) {
    public Leftover {
      done = Set.copyOf(done);
    }
  }

  private Resume() {}

  /**
   * What run {@code runId} of {@code pipeline} left.
   *
   * @throws SluiceException naming the store when it has no such run
   */
  public static Leftover find(
      RunStore runs, DateClaims claims, String pipeline, String runId, String where) {
    RunRecord run =
        runs.recentRuns(pipeline, 10_000).stream()
            .filter(r -> r.runId().equals(runId))
            .findFirst()
            .orElseThrow(
                () ->
                    new SluiceException(
                        ErrorCode.UNDEFINED_REFERENCE,
                        "Cannot resume run "
                            + runId
                            + ": pipeline "
                            + pipeline
                            + " has no such run in "
                            + where
                            + " (sluice runs lists them)"));
    Set<String> done = new LinkedHashSet<>();
    for (StepRecord step : runs.steps(runId)) {
      if (step.status() == RunStatus.SUCCEEDED && !step.kind().equals("sensor")) {
        done.add(step.step());
      }
    }
    return new Leftover(run, done, claims.dateOfRun(runId));
  }

  /** Runs the rest of {@code leftover} as run {@code newRunId} of {@code plan}. */
  public static RunResult run(
      Leftover leftover, Plan plan, String newRunId, DateClaims claims, Scheduler.Runs runs) {
    String pipeline = plan.spec().name();
    leftover
        .date()
        .ifPresent(d -> claims.claimDate(pipeline, d.logicalDate(), newRunId, true, CLAIMER));
    RunResult result = runs.run(plan, RunRequest.resume(leftover.done()).withRunId(newRunId));
    leftover
        .date()
        .ifPresent(d -> claims.finishDate(pipeline, d.logicalDate(), newRunId, result.status()));
    return result;
  }
}
