package io.sluice.scheduler;

import io.sluice.core.browse.LakeBrowser;
import io.sluice.core.plan.Plan;
import io.sluice.core.run.DashboardWriter;
import io.sluice.core.run.RunClock;
import io.sluice.core.run.StepExecutor;
import io.sluice.core.run.StepResult;
import io.sluice.core.store.RunStatus;
import io.sluice.spec.DashboardSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last steps of a run: each dashboard that declares {@code export:} is written there (a page
 * and a PNG per chart) from the lake the run left, as a step named {@code dashboard:NAME}. A run
 * whose steps did not all succeed skips them, so an export never shows a half-written lake. A chart
 * that fails fails the step (the page still shows the other charts and the error).
 */
final class DashboardExports {
  static final String KIND = "dashboard";

  private final DashboardWriter writer;
  private final RunRecorder recorder;
  private final RunClock clock;

  DashboardExports(DashboardWriter writer, RunRecorder recorder, RunClock clock) {
    this.writer = writer;
    this.recorder = recorder;
    this.clock = clock;
  }

  /** The step name of a dashboard's export. */
  static String step(DashboardSpec dashboard) {
    return KIND + ":" + dashboard.name();
  }

  List<StepResult> run(Plan plan, StepExecutor.Steps execution, boolean skip) {
    List<StepResult> results = new ArrayList<>();
    for (DashboardSpec dashboard : plan.spec().dashboards().values()) {
      if (dashboard.export().isEmpty()) {
        continue;
      }
      if (skip) {
        StepResult skipped = StepResult.skipped(step(dashboard), KIND);
        recorder.skipped(skipped);
        results.add(skipped);
        continue;
      }
      results.add(export(plan, dashboard, Path.of(dashboard.export().get()), execution.lake()));
    }
    return results;
  }

  private StepResult export(
      Plan plan, DashboardSpec dashboard, Path folder, Optional<LakeBrowser> lake) {
    String name = step(dashboard);
    Instant started = clock.now();
    recorder.started(name, KIND, started);
    StepResult result;
    if (lake.isEmpty()) {
      result =
          StepResult.failed(
              name, KIND, Duration.ZERO, "This engine cannot read the lake back to draw charts");
    } else if (writer == null) {
      result =
          StepResult.failed(
              name,
              KIND,
              Duration.ZERO,
              "No dashboard writer is installed (the console module draws the charts)");
    } else {
      try {
        DashboardWriter.Written written =
            writer.write(plan.spec().name(), dashboard, lake.get(), folder);
        int charts = dashboard.charts().size();
        Optional<String> error =
            written.failedCharts().isEmpty()
                ? Optional.empty()
                : Optional.of(
                    written.failedCharts().size()
                        + " of "
                        + charts
                        + " chart(s) of dashboard "
                        + dashboard.name()
                        + " failed: "
                        + String.join("; ", written.failedCharts()));
        recorder.note(
            name,
            charts
                + " chart(s), "
                + written.images().size()
                + " PNG(s) in "
                + written.page().toAbsolutePath().getParent());
        result =
            new StepResult(
                name,
                KIND,
                error.isEmpty() ? RunStatus.SUCCEEDED : RunStatus.FAILED,
                written.rows(),
                charts - written.failedCharts().size(),
                0,
                0,
                0,
                Map.of(),
                Duration.between(started, clock.now()),
                written.page().toAbsolutePath().toString(),
                error);
      } catch (IOException | RuntimeException e) {
        result =
            StepResult.failed(
                name,
                KIND,
                Duration.between(started, clock.now()),
                "Cannot write dashboard "
                    + dashboard.name()
                    + " to "
                    + folder
                    + ": "
                    + e.getMessage());
      }
    }
    recorder.finished(result);
    return result;
  }
}
