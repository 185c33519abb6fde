package io.sluice.cli;

import io.sluice.core.plan.Plan;
import io.sluice.core.run.RunResult;
import io.sluice.core.store.DateRecord;
import io.sluice.core.store.JdbcRunStore;
import io.sluice.core.store.RunRecord;
import io.sluice.core.store.RunStatus;
import io.sluice.core.store.StepRecord;
import io.sluice.scheduler.RunRequest;
import io.sluice.scheduler.RunService;
import io.sluice.spec.PipelineSpec;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice resume FILE RUN_ID}: runs again what run RUN_ID did not finish, for the same
 * logical date: the steps that succeeded are not redone (their lake tables feed the rest).
 */
@Command(
    name = "resume",
    description = "Re-run a failed run from its failed step, without redoing the finished ones.")
final class ResumeCommand implements Callable<Integer> {
  @Mixin PipelineOptions options;

  @Parameters(index = "1", paramLabel = "RUN_ID", description = "The run to resume (sluice runs).")
  String runId;

  @Override
  public Integer call() {
    PipelineSpec spec = options.load();
    Set<String> done = new LinkedHashSet<>();
    Optional<DateRecord> date;
    try (JdbcRunStore store = JdbcRunStore.open(spec.settings().runStore())) {
      RunRecord run =
          store.recentRuns(spec.name(), 10_000).stream()
              .filter(r -> r.runId().equals(runId))
              .findFirst()
              .orElseThrow(
                  () ->
                      new SluiceException(
                          ErrorCode.UNDEFINED_REFERENCE,
                          "Cannot resume run "
                              + runId
                              + ": pipeline "
                              + spec.name()
                              + " has no such run in "
                              + JdbcRunStore.masked(spec.settings().runStore())
                              + " (sluice runs lists them)"));
      if (run.status() == RunStatus.SUCCEEDED) {
        System.out.println("Run " + runId + " succeeded: nothing to resume");
        return Main.OK;
      }
      for (StepRecord step : store.steps(runId)) {
        if (step.status() == RunStatus.SUCCEEDED && !step.kind().equals("sensor")) {
          done.add(step.step());
        }
      }
      date = store.dateOfRun(runId);
    }
    Optional<String> logical =
        options.date != null ? Optional.of(options.date) : date.map(DateRecord::logicalDate);
    Plan plan = options.plan(options.request(logical));
    System.out.printf(
        Locale.ROOT,
        "Resuming run %s of %s (logical date %s): %d step(s) done %s, running the rest%n",
        runId,
        spec.name(),
        plan.spec().runDate().ds(),
        done.size(),
        done);
    String newRun = RunService.newRunId();
    if (date.isPresent()) {
      try (JdbcRunStore store = JdbcRunStore.open(spec.settings().runStore())) {
        store.claimDate(spec.name(), date.get().logicalDate(), newRun, true, "resume");
      }
    }
    RunResult result =
        RunCommand.launcher().execute(plan, RunRequest.resume(done).withRunId(newRun));
    if (date.isPresent()) {
      try (JdbcRunStore store = JdbcRunStore.open(spec.settings().runStore())) {
        store.finishDate(spec.name(), date.get().logicalDate(), newRun, result.status());
      }
    }
    System.out.printf(
        Locale.ROOT,
        "Run %s %s in %.1fs%n",
        result.runId(),
        result.status() == RunStatus.SUCCEEDED ? "succeeded" : "FAILED",
        result.duration().toMillis() / 1000.0);
    if (result.status() != RunStatus.SUCCEEDED) {
      LogFile.pointTo(System.out);
    }
    return result.status() == RunStatus.SUCCEEDED ? Main.OK : Main.RUN_FAILED;
  }
}
