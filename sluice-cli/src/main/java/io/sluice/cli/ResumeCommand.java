package io.sluice.cli;

import io.sluice.core.plan.Plan;
import io.sluice.core.run.RunResult;
import io.sluice.core.store.DateRecord;
import io.sluice.core.store.JdbcRunStore;
import io.sluice.core.store.RunStatus;
import io.sluice.scheduler.Resume;
import io.sluice.scheduler.RunService;
import io.sluice.spec.PipelineSpec;
import java.util.Locale;
import java.util.Optional;
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
    Resume.Leftover leftover;
    try (JdbcRunStore store = JdbcRunStore.open(spec.settings().runStore())) {
      leftover =
          Resume.find(
              store, store, spec.name(), runId, JdbcRunStore.masked(spec.settings().runStore()));
    }
    if (leftover.run().status() == RunStatus.SUCCEEDED) {
      System.out.println("Run " + runId + " succeeded: nothing to resume");
      return Main.OK;
    }
    Optional<String> logical =
        options.date != null
            ? Optional.of(options.date)
            : leftover.date().map(DateRecord::logicalDate);
    Plan plan = options.plan(options.request(logical));
    System.out.printf(
        Locale.ROOT,
        "Resuming run %s of %s (logical date %s): %d step(s) done %s, running the rest%n",
        runId,
        spec.name(),
        plan.spec().runDate().ds(),
        leftover.done().size(),
        leftover.done());
    RunResult result;
    try (JdbcRunStore store = JdbcRunStore.open(spec.settings().runStore())) {
      result =
          Resume.run(leftover, plan, RunService.newRunId(), store, RunCommand.launcher()::execute);
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
