package io.sluice.scheduler;

import static io.sluice.scheduler.FakeExecutor.error;
import static io.sluice.scheduler.FakeExecutor.ok;
import static io.sluice.scheduler.FakeExecutor.okWhile;
import static io.sluice.scheduler.FakeExecutor.transientError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.core.plan.Plan;
import io.sluice.core.run.RunListener;
import io.sluice.core.run.RunResult;
import io.sluice.core.run.StepResult;
import io.sluice.core.store.CheckRecord;
import io.sluice.core.store.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The run service over a fake executor, a fake clock and a run store in memory: no engine. */
class RunServiceTest {
  private static final Instant START = Instant.parse("2024-07-08T03:00:00Z");
  private static final String WEBHOOK = "http://hooks.invalid/alerts";

  private final FakeClock clock = new FakeClock(START);
  private final FakeExecutor executor = new FakeExecutor();
  private final MemoryRunStore store = new MemoryRunStore();
  private final List<JsonNode> alerts = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final ObjectMapper json = new ObjectMapper();

  private final RunListener listener =
      new RunListener() {
        @Override
        public void note(String step, String text) {
          notes.add(step + ": " + text);
        }
      };

  private RunResult run(Plan plan) {
    AlertSender sender =
        (url, body) -> {
          try {
            alerts.add(json.readTree(body));
          } catch (Exception e) {
            throw new AssertionError(e);
          }
          return Optional.empty();
        };
    return new RunService(executor, store, listener, clock, sender).run(plan, RunRequest.all());
  }

  private static Plan plan(String retries, String extra) {
    return TestPlans.plan(
        """
        pipeline: p
        spark: { parallel_steps: 1 }
        RETRIES
        alerts: { webhook: 'WEBHOOK', sla: 1h }
        sources:
          raw: { type: fake, path: x }
        EXTRA
        datasets:
          bronze.a: { from: raw }
          silver.b: { sql: SELECT * FROM bronze.a }
          gold.c: { sql: SELECT * FROM silver.b }
          gold.other: { sql: SELECT 1 AS x }
        sinks:
          out: { type: fake, from: gold.c, path: y }
        """
            .replace("RETRIES", retries)
            .replace("EXTRA", extra)
            .replace("WEBHOOK", WEBHOOK));
  }

  private static StepResult step(RunResult result, String name) {
    return result.step(name).orElseThrow(() -> new AssertionError("no step " + name));
  }

  @Test
  void aTransientFailureIsRetriedWithBackoffOnTheClock() {
    executor.script(
        "silver.b", transientError("connection refused"), transientError("timeout"), ok());

    RunResult result = run(plan("retries: { count: 3, delay: 10s, backoff: 2 }", ""));

    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(executor.calls)
        .containsExactly(
            "bronze.a", "silver.b", "silver.b", "silver.b", "gold.c", "gold.other", "out");
    assertThat(clock.sleeps).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20));
    assertThat(notes)
        .containsExactly(
            "silver.b: transient failure (error[E300]: connection refused); retry 1 of 3 in 10.0s",
            "silver.b: transient failure (error[E300]: timeout); retry 2 of 3 in 20.0s");
    assertThat(store.steps.get(result.runId() + "/silver.b").status())
        .isEqualTo(RunStatus.SUCCEEDED);
    assertThat(alerts).isEmpty();
    assertThat(store.log(result.runId(), "silver.b", 100))
        .extracting(l -> l.level() + " " + l.text().lines().findFirst().orElse(""))
        .containsExactly(
            "INFO Started dataset silver.b (run " + result.runId() + ")",
            "ERROR failed in 1.0s: 0 in, 0 out, 0 quarantined, 0 dropped, 0 warned",
            "INFO transient failure (error[E300]: connection refused); retry 1 of 3 in 10.0s",
            "INFO Started dataset silver.b (run " + result.runId() + ")",
            "ERROR failed in 1.0s: 0 in, 0 out, 0 quarantined, 0 dropped, 0 warned",
            "INFO transient failure (error[E300]: timeout); retry 2 of 3 in 20.0s",
            "INFO Started dataset silver.b (run " + result.runId() + ")",
            "INFO succeeded in 1.0s: 10 in, 10 out, 0 quarantined, 0 dropped, 0 warned");
    assertThat(store.log(result.runId(), "silver.b", 100))
        .extracting(io.sluice.core.store.LogLine::seq)
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
  }

  @Test
  void aStepsLogKeepsWhatTheExecutorReportsAndStopsAtItsCap() {
    executor.script(
        "gold.c",
        new FakeExecutor.Script(
            Optional.of("error[E300]: boom"),
            false,
            context -> {
              context.check(new CheckRecord(context.runId(), "gold.c", "positive", "warn", 2));
              context.log("gold.c", "WARN", "Iceberg: <commit retried>");
              for (int i = 0; i < StepLog.MAX_LINES + 50; i++) {
                context.log("gold.c", "INFO", "chatter " + i);
              }
            }));

    RunResult result = run(plan("", ""));

    List<io.sluice.core.store.LogLine> log = store.log(result.runId(), "gold.c", 5000);
    assertThat(log).hasSize(StepLog.MAX_LINES);
    assertThat(log.get(1).text()).isEqualTo("Check positive (on_fail warn): 2 failing row(s)");
    assertThat(log.get(1).level()).isEqualTo("WARN");
    assertThat(log.get(2).text()).isEqualTo("Iceberg: <commit retried>");
    assertThat(log.get(StepLog.MAX_LINES - 1).text())
        .startsWith("The step logged more than 999 lines");
    assertThat(log.get(0).at()).isEqualTo(clock.now());
  }

  @Test
  void retriesRunOutAndTheLastErrorFailsTheRun() {
    executor.script("silver.b", transientError("a"), transientError("b"), transientError("c"));

    RunResult result = run(plan("retries: { count: 2, delay: 1s, backoff: 3 }", ""));

    assertThat(result.status()).isEqualTo(RunStatus.FAILED);
    assertThat(executor.calls.stream().filter("silver.b"::equals)).hasSize(3);
    assertThat(clock.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(3));
    assertThat(step(result, "silver.b").error()).contains("error[E300]: c");
  }

  @Test
  void aDataErrorIsNotRetriedAndSkipsOnlyWhatDependsOnIt() {
    executor.script("silver.b", error("CAST('x' AS INT) failed"));

    RunResult result = run(plan("retries: { count: 3, delay: 10s, backoff: 2 }", ""));

    assertThat(result.status()).isEqualTo(RunStatus.FAILED);
    assertThat(executor.calls).containsExactly("bronze.a", "silver.b", "gold.other");
    assertThat(clock.sleeps).isEmpty();
    assertThat(step(result, "gold.c").status()).isEqualTo(RunStatus.SKIPPED);
    assertThat(step(result, "out").status()).isEqualTo(RunStatus.SKIPPED);
    assertThat(step(result, "gold.other").status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).get("kind").asText()).isEqualTo("failure");
    assertThat(alerts.get(0).get("run_id").asText()).isEqualTo(result.runId());
    assertThat(alerts.get(0).get("text").asText())
        .startsWith("Run " + result.runId() + " of pipeline p")
        .contains("failed at step silver.b: error[E300]: CAST('x' AS INT) failed")
        .contains("gold.c skipped");
    assertThat(store.runs.get(result.runId()).status()).isEqualTo(RunStatus.FAILED);
  }

  @Test
  void aSensorThatNeverHoldsTimesOutOnTheClockAndRunsNoStep() {
    Plan plan =
        plan("", "sensors:\n  marker: { type: fake, path: m, poke_interval: 10s, timeout: 60s }");

    RunResult result = run(plan);

    assertThat(result.status()).isEqualTo(RunStatus.FAILED);
    // pokes at 0, 10, ..., 50s: the next one would be at the deadline
    assertThat(executor.calls)
        .containsExactly(
            "poke marker",
            "poke marker",
            "poke marker",
            "poke marker",
            "poke marker",
            "poke marker");
    assertThat(clock.sleeps).hasSize(5).containsOnly(Duration.ofSeconds(10));
    StepResult sensor = step(result, "sensor:marker");
    assertThat(sensor.status()).isEqualTo(RunStatus.FAILED);
    assertThat(sensor.duration()).isEqualTo(Duration.ofSeconds(50));
    assertThat(sensor.error().orElseThrow())
        .contains("Sensor 'marker' timed out after 50s (6 checks; timeout 60s)");
    assertThat(result.steps())
        .filteredOn(s -> !s.kind().equals("sensor"))
        .extracting(StepResult::status)
        .containsOnly(RunStatus.SKIPPED);
    assertThat(alerts).extracting(a -> a.get("kind").asText()).containsExactly("sensor_timeout");
  }

  @Test
  void aSensorThatHoldsOnItsThirdPokeLetsTheRunGoOn() {
    executor.pokes("marker", false, false, true);
    Plan plan =
        plan("", "sensors:\n  marker: { type: fake, path: m, poke_interval: 30s, timeout: 1h }");

    RunResult result = run(plan);

    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(executor.calls.subList(0, 4))
        .containsExactly("poke marker", "poke marker", "poke marker", "bronze.a");
    assertThat(clock.sleeps).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(30));
    assertThat(notes).contains("sensor:marker: the file marker.ok: ready after 3 check(s)");
  }

  @Test
  void aStepThatAlreadyAlertedGetsNoSecondFailureAlert() {
    executor.script(
        "gold.c",
        new FakeExecutor.Script(
            Optional.of("error[E108]: Reconciliation of dataset 'gold.c' failed"),
            false,
            context -> {
              context.check(new CheckRecord(context.runId(), "gold.c", "reconcile", "fail", 3));
              context.alert("gold.c", "reconciliation", "3 rows differ");
            }));

    RunResult result = run(plan("", ""));

    assertThat(result.status()).isEqualTo(RunStatus.FAILED);
    assertThat(alerts).extracting(a -> a.get("kind").asText()).containsExactly("reconciliation");
    assertThat(store.checks).extracting(CheckRecord::failedRows).containsExactly(3L);
  }

  @Test
  void aRunLongerThanItsSlaAlertsWithTheTimeItTook() {
    executor.script("gold.other", okWhile(context -> clock.advance(Duration.ofMinutes(61))));

    RunResult result = run(plan("", ""));

    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(result.duration()).isEqualTo(Duration.ofMinutes(61));
    assertThat(alerts).extracting(a -> a.get("kind").asText()).containsExactly("sla");
    assertThat(alerts.get(0).get("text").asText())
        .contains("missed its SLA of 3600.0s: it took 3660.0s (succeeded)");
  }

  @Test
  void resumeRunsOnlyWhatTheFailedRunDidNotFinish() {
    RunResult result =
        new RunService(executor, store, listener, clock, (url, body) -> Optional.empty())
            .run(
                plan("", ""),
                RunRequest.resume(java.util.Set.of("bronze.a", "silver.b")).withRunId("r2"));

    assertThat(result.runId()).isEqualTo("r2");
    assertThat(executor.calls).containsExactly("gold.c", "gold.other", "out");
    assertThat(store.log).first().isEqualTo("start r2");
    assertThat(store.log).last().isEqualTo("finish r2 SUCCEEDED");
  }

  @Test
  void theRunIdTakesTheClocksTime() {
    RunResult result = run(plan("", ""));

    assertThat(result.runId()).matches("20240708T030000-[0-9a-f]{4}");
    assertThat(store.runs.get(result.runId()).startedAt()).isEqualTo(START);
  }
}
