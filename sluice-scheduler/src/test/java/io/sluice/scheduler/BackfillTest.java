package io.sluice.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.plan.Plan;
import io.sluice.core.run.Engine;
import io.sluice.core.run.RunResult;
import io.sluice.core.run.StepExecutor;
import io.sluice.core.store.RunStatus;
import io.sluice.spec.PipelineSpec;
import io.sluice.spec.RunDate;
import io.sluice.spi.SluiceException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Backfills with claims in memory and runs that do what a test says. */
class BackfillTest {
  private static final String DAILY =
      """
      pipeline: daily
      schedule: { cron: "0 3 * * *", timezone: UTC, start_date: 2024-07-01 }
      datasets:
        gold.days: { sql: SELECT 1 AS x }
      """;

  private final FakeClock clock = new FakeClock(Instant.parse("2024-08-01T00:00:00Z"));
  private final MemoryClaims claims = new MemoryClaims(clock);
  private final List<String> ran = new ArrayList<>();
  private final Set<String> failing = new HashSet<>();
  private final AtomicInteger opened = new AtomicInteger();
  private final AtomicInteger closed = new AtomicInteger();
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  private final Backfill.Runs runs =
      new Backfill.Runs() {
        @Override
        public Engine.Session open(Plan plan) {
          opened.incrementAndGet();
          return new Engine.Session() {
            @Override
            public StepExecutor executor(Map<String, String> services) {
              throw new UnsupportedOperationException("runs are faked");
            }

            @Override
            public void close() {
              closed.incrementAndGet();
            }
          };
        }

        @Override
        public synchronized RunResult run(Plan plan, RunRequest request, Engine.Session session) {
          String ds = plan.spec().runDate().ds().toString();
          ran.add(ds);
          RunStatus status = failing.contains(ds) ? RunStatus.FAILED : RunStatus.SUCCEEDED;
          return new RunResult(
              "run-" + ds, "daily", status, List.of(), Duration.ofSeconds(1), Optional.empty());
        }
      };

  private Backfill backfill(boolean startsLocalServices) {
    return new Backfill(
        "daily",
        claims,
        start -> TestPlans.plan(TestPlans.spec(DAILY, Optional.of(start))),
        plan -> startsLocalServices,
        runs,
        new PrintStream(printed, true, StandardCharsets.UTF_8));
  }

  private static List<RunDate> july(int from, int to) {
    PipelineSpec spec = TestPlans.spec(DAILY, Optional.empty());
    return spec.schedule()
        .orElseThrow()
        .intervalsOn(java.time.LocalDate.of(2024, 7, from), java.time.LocalDate.of(2024, 7, to));
  }

  @Test
  void runsEveryDateOnceInOrderInOneSessionAndAgainNothing() {
    Backfill.Outcome first =
        backfill(false).run(july(1, 5), new Backfill.Settings(false, false, 1));

    assertThat(first).isEqualTo(new Backfill.Outcome(5, 0, Optional.empty()));
    assertThat(ran)
        .containsExactly("2024-07-01", "2024-07-02", "2024-07-03", "2024-07-04", "2024-07-05");
    assertThat(opened).hasValue(1);
    assertThat(closed).hasValue(1);
    assertThat(claims.date("daily", "2024-07-03T03:00:00Z").orElseThrow().runId())
        .isEqualTo("run-2024-07-03");

    Backfill.Outcome again =
        backfill(false).run(july(1, 5), new Backfill.Settings(false, false, 1));
    assertThat(again).isEqualTo(new Backfill.Outcome(0, 5, Optional.empty()));
    assertThat(ran).hasSize(5);
    assertThat(opened).hasValue(1); // nothing to run: no session

    Backfill.Outcome rerun = backfill(false).run(july(2, 3), new Backfill.Settings(false, true, 1));
    assertThat(rerun.ran()).isEqualTo(2);
  }

  @Test
  void aFailedDateStopsTheBackfillAndTheSameCommandResumesThere() {
    failing.add("2024-07-03");
    Backfill.Outcome stopped =
        backfill(false).run(july(1, 6), new Backfill.Settings(false, false, 1));

    assertThat(stopped.stoppedAt()).contains("2024-07-03: run run-2024-07-03 failed");
    assertThat(stopped.ran()).isEqualTo(3);
    assertThat(ran).containsExactly("2024-07-01", "2024-07-02", "2024-07-03");
    assertThat(claims.date("daily", "2024-07-03T03:00:00Z").orElseThrow().status())
        .isEqualTo(RunStatus.FAILED);
    assertThat(claims.date("daily", "2024-07-04T03:00:00Z")).isEmpty();

    failing.clear();
    Backfill.Outcome resumed =
        backfill(false).run(july(1, 6), new Backfill.Settings(false, false, 1));
    assertThat(resumed).isEqualTo(new Backfill.Outcome(4, 2, Optional.empty()));
    assertThat(ran.subList(3, 7))
        .containsExactly("2024-07-03", "2024-07-04", "2024-07-05", "2024-07-06");
  }

  @Test
  void aDryRunPrintsEachDateAndItsStateAndRunsNothing() {
    backfill(false).run(july(1, 1), new Backfill.Settings(false, false, 1));
    Backfill.Outcome dry = backfill(false).run(july(1, 2), new Backfill.Settings(true, false, 1));

    assertThat(dry).isEqualTo(new Backfill.Outcome(0, 0, Optional.empty()));
    assertThat(ran).containsExactly("2024-07-01");
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains(
            "  2024-07-01  [2024-07-01T03:00:00Z, 2024-07-02T03:00:00Z)  succeeded (run"
                + " run-2024-07-01): skip")
        .contains("  2024-07-02  [2024-07-02T03:00:00Z, 2024-07-03T03:00:00Z)  not run: run");
  }

  @Test
  void concurrentDatesRunAllAndAreRefusedForRunsThatStartLocalServices() {
    Backfill.Outcome parallel =
        backfill(false).run(july(1, 8), new Backfill.Settings(false, false, 3));
    assertThat(parallel).isEqualTo(new Backfill.Outcome(8, 0, Optional.empty()));
    assertThat(ran).hasSize(8).doesNotHaveDuplicates();

    assertThatThrownBy(
            () -> backfill(true).run(july(9, 10), new Backfill.Settings(false, false, 2)))
        .isInstanceOf(SluiceException.class)
        .hasMessageContaining("start local services");
    assertThat(claims.date("daily", "2024-07-09T03:00:00Z").orElseThrow().status())
        .isEqualTo(RunStatus.SKIPPED);
    assertThatThrownBy(() -> new Backfill.Settings(false, false, 0))
        .hasMessageContaining("--concurrency 0: at least 1");
  }
}
