package io.sluice.scheduler;

import static io.sluice.scheduler.FakeExecutor.error;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.browse.LakeBrowser;
import io.sluice.core.browse.QueryResult;
import io.sluice.core.browse.TableInfo;
import io.sluice.core.plan.Plan;
import io.sluice.core.run.DashboardWriter;
import io.sluice.core.run.RunListener;
import io.sluice.core.run.RunResult;
import io.sluice.core.run.StepResult;
import io.sluice.core.store.RunStatus;
import io.sluice.spec.DashboardSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Dashboards with {@code export:} are written as the last steps of a run that succeeded. */
class DashboardExportsTest {
  private final FakeClock clock = new FakeClock(Instant.parse("2024-07-08T03:00:00Z"));
  private final FakeExecutor executor = new FakeExecutor();
  private final MemoryRunStore store = new MemoryRunStore();
  private final List<String> notes = new ArrayList<>();
  private final List<String> writes = new ArrayList<>();
  private final LakeBrowser lake = new NoLake();

  /** Answers what a test sets, and records each call with the lake it was given. */
  private DashboardWriter writer =
      (pipeline, dashboard, lakeGiven, folder) -> {
        writes.add(pipeline + " " + dashboard.name() + " -> " + folder + " lake=" + lakeGiven);
        clock.advance(Duration.ofSeconds(2));
        return new DashboardWriter.Written(
            folder.resolve("index.html"), List.of(folder.resolve("per_day.png")), 42, List.of());
      };

  private static Plan plan() {
    return TestPlans.plan(
        """
        pipeline: p
        sources:
          raw: { type: fake, path: x }
        datasets:
          bronze.a: { from: raw }
          gold.c: { sql: SELECT * FROM bronze.a }
        sinks:
          out: { type: fake, from: gold.c, path: y }
        dashboards:
          exported:
            export: /tmp/reports/exported
            charts:
              - { name: per_day, type: bar, sql: SELECT * FROM gold.c, x: a, y: [b] }
              - { name: rows, type: table, sql: SELECT * FROM gold.c }
          console_only:
            charts:
              - { name: n, type: number, sql: SELECT count(*) AS n FROM gold.c, y: [n] }
        """);
  }

  private RunResult run(RunRequest request) {
    executor.lake = lake;
    RunListener listener =
        new RunListener() {
          @Override
          public void note(String step, String text) {
            notes.add(step + ": " + text);
          }
        };
    return new RunService(executor, store, listener, clock, (url, body) -> Optional.empty(), writer)
        .run(plan(), request);
  }

  @Test
  void aSuccessfulRunWritesEachExportedDashboardAsItsLastStep() {
    RunResult result = run(RunRequest.all());

    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(result.steps())
        .extracting(StepResult::name)
        .containsExactly("bronze.a", "gold.c", "out", "dashboard:exported");
    assertThat(writes).containsExactly("p exported -> /tmp/reports/exported lake=" + lake);
    StepResult export = result.step("dashboard:exported").orElseThrow();
    assertThat(export.kind()).isEqualTo("dashboard");
    assertThat(export.rowsIn()).isEqualTo(42); // rows the charts read
    assertThat(export.rowsOut()).isEqualTo(2); // charts drawn
    assertThat(export.duration()).isEqualTo(Duration.ofSeconds(2));
    assertThat(export.target()).isEqualTo("/tmp/reports/exported/index.html");
    assertThat(notes)
        .containsExactly("dashboard:exported: 2 chart(s), 1 PNG(s) in /tmp/reports/exported");
    assertThat(store.log).contains("dashboard:exported SUCCEEDED");
  }

  @Test
  void aRunWithAFailedStepSkipsTheExportSoNoHalfWrittenLakeIsShown() {
    executor.script("out", error("the sink is down"));

    RunResult result = run(RunRequest.all());

    assertThat(result.status()).isEqualTo(RunStatus.FAILED);
    assertThat(writes).isEmpty();
    assertThat(result.step("dashboard:exported").orElseThrow().status())
        .isEqualTo(RunStatus.SKIPPED);
  }

  @Test
  void aChartThatFailsFailsTheStepAndTheRunNamingTheChart() {
    writer =
        (pipeline, dashboard, lakeGiven, folder) ->
            new DashboardWriter.Written(
                folder.resolve("index.html"),
                List.of(),
                0,
                List.of("per_day: error[E107]: column b does not exist"));

    RunResult result = run(RunRequest.all());

    assertThat(result.status()).isEqualTo(RunStatus.FAILED);
    StepResult export = result.step("dashboard:exported").orElseThrow();
    assertThat(export.status()).isEqualTo(RunStatus.FAILED);
    assertThat(export.rowsOut()).isEqualTo(1);
    assertThat(export.error())
        .hasValue(
            "1 of 2 chart(s) of dashboard exported failed: per_day: error[E107]: column b does"
                + " not exist");
  }

  @Test
  void aFolderThatCannotBeWrittenFailsTheStepWithTheFolder() {
    writer =
        (pipeline, dashboard, lakeGiven, folder) -> {
          throw new IOException("Permission denied");
        };

    RunResult result = run(RunRequest.all());

    assertThat(result.step("dashboard:exported").orElseThrow().error())
        .hasValue("Cannot write dashboard exported to /tmp/reports/exported: Permission denied");
    assertThat(result.status()).isEqualTo(RunStatus.FAILED);
  }

  @Test
  void runningOneStepOrOneDatasetExportsNothing() {
    assertThat(run(RunRequest.step("gold.c")).steps())
        .extracting(StepResult::name)
        .containsExactly("gold.c");
    assertThat(run(RunRequest.only(Optional.of("gold.c"), true, Duration.ZERO)).steps())
        .extracting(StepResult::name)
        .doesNotContain("dashboard:exported");
    assertThat(writes).isEmpty();
  }

  @Test
  void anEngineThatCannotReadTheLakeBackFailsTheExportWithTheReason() {
    RunResult result =
        new RunService(
                executor, store, RunListener.NONE, clock, (url, body) -> Optional.empty(), writer)
            .run(plan(), RunRequest.all()); // executor.lake is null

    assertThat(result.step("dashboard:exported").orElseThrow().error())
        .hasValue("This engine cannot read the lake back to draw charts");
    assertThat(writes).isEmpty();
  }

  @Test
  void theSpecKeepsTheExportFolderAfterTemplates() {
    Map<String, DashboardSpec> dashboards = plan().spec().dashboards();
    assertThat(dashboards.get("exported").export()).hasValue("/tmp/reports/exported");
    assertThat(dashboards.get("console_only").export()).isEmpty();
    assertThat(Path.of(dashboards.get("exported").export().get())).isAbsolute();
  }

  /** A lake the fake writer never reads: only its identity is checked. */
  private static final class NoLake implements LakeBrowser {
    @Override
    public List<String> tables() {
      throw new UnsupportedOperationException();
    }

    @Override
    public TableInfo table(String name) {
      throw new UnsupportedOperationException();
    }

    @Override
    public QueryResult sample(String table, Optional<Long> snapshot, int limit) {
      throw new UnsupportedOperationException();
    }

    @Override
    public QueryResult quarantine(
        String dataset, Optional<String> reason, Optional<String> runId, int limit) {
      throw new UnsupportedOperationException();
    }

    @Override
    public QueryResult query(String sql, Map<String, Object> args, int limit) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Map<String, Long> versions(Collection<String> tables) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String toString() {
      return "no-lake";
    }
  }
}
