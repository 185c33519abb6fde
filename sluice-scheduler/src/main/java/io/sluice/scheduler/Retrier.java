package io.sluice.scheduler;

import io.sluice.core.run.RunClock;
import io.sluice.core.run.StepOutcome;
import io.sluice.core.run.StepResult;
import io.sluice.core.store.RunStatus;
import io.sluice.spec.RetrySpec;
import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Runs a step, and again after a transient failure as the pipeline's {@code retries:} say (the
 * delay before retry n is {@code delay * backoff^(n-1)}); a validation, SQL or data error is not
 * retried.
 */
final class Retrier {
  private final RetrySpec retries;
  private final RunClock clock;
  private final BiConsumer<String, String> note;

  /** {@code note}: where a line about a retry goes (the step's log and the console). */
  Retrier(RetrySpec retries, RunClock clock, BiConsumer<String, String> note) {
    this.retries = retries;
    this.clock = clock;
    this.note = note;
  }

  StepResult attempt(String step, Supplier<StepOutcome> run) {
    StepOutcome outcome = run.get();
    for (int attempt = 1;
        attempt <= retries.count()
            && outcome.result().status() == RunStatus.FAILED
            && outcome.transientFailure();
        attempt++) {
      Duration wait = retries.delayBefore(attempt);
      note.accept(
          step,
          "transient failure ("
              + outcome.result().error().orElse("").lines().findFirst().orElse("")
              + "); retry "
              + attempt
              + " of "
              + retries.count()
              + " in "
              + wait.toMillis() / 1000.0
              + "s");
      try {
        clock.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return outcome.result();
      }
      outcome = run.get();
    }
    return outcome.result();
  }
}
