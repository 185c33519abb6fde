package io.sluice.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.plan.Plan;
import io.sluice.core.run.RunResult;
import io.sluice.core.store.DateRecord;
import io.sluice.core.store.RunStatus;
import io.sluice.spec.PipelineSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The scheduler on a fake clock, with claims in memory and runs that do what a test says. */
class SchedulerTest {
  private static final String DAILY =
      """
      pipeline: daily
      schedule: { cron: "0 3 * * *", timezone: UTC, start_date: 2024-07-01, catchup: CATCHUP }
      datasets:
        gold.days: { sql: SELECT 1 AS x }
      """;

  private final FakeClock clock = new FakeClock(Instant.parse("2024-07-04T04:00:00Z"));
  private final MemoryClaims claims = new MemoryClaims(clock);
  private final List<String> ran = new ArrayList<>();
  private final Set<String> failing = new HashSet<>();
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  /** A pipeline whose plans carry their logical date; its runs are recorded, not executed. */
  private Scheduler.Pipeline pipeline(boolean catchup) {
    String yaml = DAILY.replace("CATCHUP", Boolean.toString(catchup));
    return new Scheduler.Pipeline() {
      @Override
      public String source() {
        return "daily/pipeline.yaml";
      }

      @Override
      public Optional<PipelineSpec> spec() {
        return Optional.of(TestPlans.spec(yaml, Optional.empty()));
      }

      @Override
      public Plan plan(String intervalStart) {
        return TestPlans.plan(TestPlans.spec(yaml, Optional.of(intervalStart)));
      }
    };
  }

  private Scheduler scheduler(boolean catchup) {
    Scheduler.Runs runs =
        (plan, request) -> {
          String ds = plan.spec().runDate().ds().toString();
          ran.add(ds + " " + request.runId().orElseThrow());
          clock.advance(Duration.ofMinutes(5));
          RunStatus status = failing.contains(ds) ? RunStatus.FAILED : RunStatus.SUCCEEDED;
          return new RunResult(
              request.runId().orElseThrow(),
              plan.spec().name(),
              status,
              List.of(),
              Duration.ofMinutes(5),
              Optional.empty());
        };
    return new Scheduler(
        List.of(pipeline(catchup)),
        url -> claims,
        runs,
        clock,
        new PrintStream(printed, true, StandardCharsets.UTF_8));
  }

  private List<String> days() {
    return ran.stream().map(r -> r.substring(0, 10)).toList();
  }

  @Test
  void catchUpRunsEveryDueDateOldestFirstThenNothingUntilTheNextIsDue() {
    Scheduler scheduler = scheduler(true);

    assertThat(scheduler.runDue()).isEqualTo(3);
    // intervals [07-01 03:00, 07-02 03:00) ... [07-03 03:00, 07-04 03:00) have ended at 04:00
    assertThat(days()).containsExactly("2024-07-01", "2024-07-02", "2024-07-03");
    assertThat(claims.dates.values())
        .extracting(DateRecord::logicalDate, DateRecord::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("2024-07-01T03:00:00Z", RunStatus.SUCCEEDED),
            org.assertj.core.groups.Tuple.tuple("2024-07-02T03:00:00Z", RunStatus.SUCCEEDED),
            org.assertj.core.groups.Tuple.tuple("2024-07-03T03:00:00Z", RunStatus.SUCCEEDED));

    assertThat(scheduler.runDue()).isZero();
    clock.advance(Duration.ofHours(23)); // 2024-07-05 03:15: the 07-04 interval has ended
    assertThat(scheduler.runDue()).isEqualTo(1);
    assertThat(days()).last().isEqualTo("2024-07-04");
  }

  @Test
  void withoutCatchUpOnlyTheLatestIntervalRuns() {
    assertThat(scheduler(false).runDue()).isEqualTo(1);
    assertThat(days()).containsExactly("2024-07-03");
  }

  @Test
  void aFailedDateStopsTheLaterOnesUntilItSucceeds() {
    failing.add("2024-07-02");
    Scheduler scheduler = scheduler(true);

    assertThat(scheduler.runDue()).isEqualTo(2);
    assertThat(days()).containsExactly("2024-07-01", "2024-07-02");
    assertThat(claims.date("daily", "2024-07-02T03:00:00Z").orElseThrow().status())
        .isEqualTo(RunStatus.FAILED);
    assertThat(claims.date("daily", "2024-07-03T03:00:00Z")).isEmpty();

    failing.clear();
    assertThat(scheduler.runDue()).isEqualTo(2); // the failed date again, then the next
    assertThat(days()).containsExactly("2024-07-01", "2024-07-02", "2024-07-02", "2024-07-03");
  }

  @Test
  void aDateClaimedByAnotherRunOrAlreadyDoneIsNotRunAgain() {
    claims.claimDate("daily", "2024-07-01T03:00:00Z", "backfill-1", false, "backfill");
    claims.claimDate("daily", "2024-07-02T03:00:00Z", "cli-1", false, "cli");
    claims.finishDate("daily", "2024-07-02T03:00:00Z", "cli-1", RunStatus.SUCCEEDED);

    assertThat(scheduler(true).runDue()).isEqualTo(1);
    assertThat(days()).containsExactly("2024-07-03");
    assertThat(claims.date("daily", "2024-07-01T03:00:00Z").orElseThrow().runId())
        .isEqualTo("backfill-1");
  }

  @Test
  void aNewSchedulerInterruptsWhatADeadOneLeftRunningAndRunsItAgain() {
    claims.claimDate("daily", "2024-07-01T03:00:00Z", "dead-run", false, Scheduler.CLAIMER);
    claims.claimDate("daily", "2024-07-02T03:00:00Z", "cli-run", false, "cli");
    Scheduler scheduler = scheduler(true);

    assertThat(scheduler.recover("me")).extracting(DateRecord::runId).containsExactly("dead-run");
    assertThat(claims.date("daily", "2024-07-01T03:00:00Z").orElseThrow().status())
        .isEqualTo(RunStatus.INTERRUPTED);
    assertThat(scheduler.runDue()).isEqualTo(2);
    assertThat(days()).containsExactly("2024-07-01", "2024-07-03"); // 07-02 is the CLI's
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("Recovered daily 2024-07-01T03:00:00Z: run dead-run was interrupted");
  }

  @Test
  void runIdsTakeTheClocksTimeAndMatchTheClaims() {
    scheduler(true).runDue();
    assertThat(ran.get(0)).matches("2024-07-01 20240704T040000-[0-9a-f]{4}");
    assertThat(claims.date("daily", "2024-07-01T03:00:00Z").orElseThrow().runId())
        .isEqualTo(ran.get(0).substring(11));
  }

  @Test
  void theLoopRefusesToStartWhileAnotherHolderIsFresh() {
    claims.lock(SchedulerLoop.LOCK, "other", Duration.ofSeconds(30));
    AtomicInteger started = new AtomicInteger();
    SchedulerLoop.Ended ended =
        new SchedulerLoop(scheduler(true), claims, "me", Duration.ofSeconds(30), clock, () -> {})
            .run(true, Duration.ofSeconds(30), started::incrementAndGet);
    assertThat(ended.outcome()).isEqualTo(SchedulerLoop.Outcome.LOCKED);
    assertThat(started).hasValue(0);
    assertThat(ran).isEmpty();

    clock.advance(Duration.ofSeconds(31)); // the other holder went silent: the lock is stale
    ended =
        new SchedulerLoop(scheduler(true), claims, "me", Duration.ofSeconds(30), clock, () -> {})
            .run(true, Duration.ofSeconds(30), started::incrementAndGet);
    assertThat(ended).isEqualTo(new SchedulerLoop.Ended(SchedulerLoop.Outcome.DONE, 3));
    assertThat(started).hasValue(1);
    assertThat(claims.lockHolder(SchedulerLoop.LOCK)).isEmpty(); // given up at the end
  }

  @Test
  void aLostLockIsReportedByTheHeartbeat() {
    AtomicInteger lost = new AtomicInteger();
    SchedulerLoop loop =
        new SchedulerLoop(
            scheduler(true), claims, "me", Duration.ofSeconds(30), clock, lost::incrementAndGet);
    assertThat(claims.lock(SchedulerLoop.LOCK, "me", Duration.ofSeconds(30))).isTrue();
    assertThat(loop.renew()).isTrue();

    clock.advance(Duration.ofSeconds(31));
    assertThat(claims.lock(SchedulerLoop.LOCK, "usurper", Duration.ofSeconds(30))).isTrue();
    assertThat(loop.renew()).isFalse();
    assertThat(lost).hasValue(1);
  }
}
