package io.sluice.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.plan.Plan;
import io.sluice.core.run.RunResult;
import io.sluice.core.store.RunRecord;
import io.sluice.core.store.RunStatus;
import io.sluice.core.store.StepRecord;
import io.sluice.spi.SluiceException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Resuming a failed run: what it finished is kept, the date's claim moves to the new run. */
class ResumeTest {
  private final FakeClock clock = new FakeClock(Instant.parse("2024-07-08T03:00:00Z"));
  private final MemoryRunStore store = new MemoryRunStore();
  private final MemoryClaims claims = new MemoryClaims(clock);
  private final List<RunRequest> requests = new ArrayList<>();

  private void step(String run, String name, String kind, RunStatus status) {
    store.recordStep(
        new StepRecord(
            run,
            name,
            kind,
            status,
            clock.now(),
            Optional.of(clock.now()),
            1,
            1,
            0,
            0,
            0,
            Optional.empty()));
  }

  @Test
  void theStepsThatSucceededAreKeptAndTheDateMovesToTheNewRun() {
    store.startRun(
        new RunRecord(
            "r1",
            "p",
            "local",
            RunStatus.FAILED,
            clock.now(),
            Optional.of(clock.now()),
            "{}",
            Optional.of("error[E300]: boom")));
    step("r1", "sensor:marker", "sensor", RunStatus.SUCCEEDED);
    step("r1", "bronze.a", "dataset", RunStatus.SUCCEEDED);
    step("r1", "silver.b", "dataset", RunStatus.FAILED);
    claims.claimDate("p", "2024-07-07T00:00:00Z", "r1", false, Scheduler.CLAIMER);
    claims.finishDate("p", "2024-07-07T00:00:00Z", "r1", RunStatus.FAILED);

    Resume.Leftover leftover = Resume.find(store, claims, "p", "r1", "memory");
    assertThat(leftover.done()).containsExactly("bronze.a"); // sensors are checked again
    assertThat(leftover.date().orElseThrow().logicalDate()).isEqualTo("2024-07-07T00:00:00Z");

    Plan plan = TestPlans.plan("pipeline: p\ndatasets:\n  bronze.a: { sql: SELECT 1 AS x }\n");
    RunResult result =
        Resume.run(
            leftover,
            plan,
            "r2",
            claims,
            (p, request) -> {
              requests.add(request);
              assertThat(claims.date("p", "2024-07-07T00:00:00Z").orElseThrow().status())
                  .as("claimed while it runs")
                  .isEqualTo(RunStatus.RUNNING);
              return new RunResult(
                  "r2",
                  "p",
                  RunStatus.SUCCEEDED,
                  List.of(),
                  Duration.ofSeconds(1),
                  Optional.empty());
            });

    assertThat(result.runId()).isEqualTo("r2");
    assertThat(requests)
        .containsExactly(RunRequest.resume(java.util.Set.of("bronze.a")).withRunId("r2"));
    assertThat(claims.date("p", "2024-07-07T00:00:00Z").orElseThrow())
        .extracting(d -> d.runId(), d -> d.status())
        .containsExactly("r2", RunStatus.SUCCEEDED);
  }

  @Test
  void anUnknownRunIsRefusedNamingTheStore() {
    assertThatThrownBy(() -> Resume.find(store, claims, "p", "nope", "jdbc:h2:file:./runs"))
        .isInstanceOf(SluiceException.class)
        .hasMessage(
            "Cannot resume run nope: pipeline p has no such run in jdbc:h2:file:./runs (sluice runs"
                + " lists them)");
  }
}
