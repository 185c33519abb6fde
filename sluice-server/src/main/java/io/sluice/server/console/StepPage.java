package io.sluice.server.console;

import io.sluice.core.store.CheckRecord;
import io.sluice.core.store.LogLine;
import io.sluice.core.store.RunRecord;
import io.sluice.core.store.StepRecord;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.util.List;
import java.util.Locale;

/**
 * One step of a run: its counts, checks, error, the quarantined rows it left, and its log (what the
 * run service saw and what the engine logged on the step's thread), oldest line first.
 */
final class StepPage {
  /** Lines shown at most; the store keeps at most about as many per step. */
  static final int LOG_LINES = 2000;

  private final Console console;

  StepPage(Console console) {
    this.console = console;
  }

  String render(RunRecord run, String name) {
    StepRecord step =
        console.store().steps(run.runId()).stream()
            .filter(s -> s.step().equals(name))
            .findFirst()
            .orElseThrow(
                () ->
                    new SluiceException(
                        ErrorCode.UNDEFINED_REFERENCE,
                        "Run " + run.runId() + " has no step " + name));
    Html body = new Html();
    body.el(
        "p",
        "Run " + run.runId() + " of " + run.pipeline() + ", " + step.kind() + " step.",
        "class",
        "muted");
    body.open("p").link("/runs/" + Html.url(run.runId()), "back to the run").close("p");
    body.open("table", "class", "steps")
        .head("Status", "Rows in", "Rows out", "Quarantined", "Dropped", "Warned", "Seconds")
        .open("tr")
        .open("td")
        .badge(step.status().name().toLowerCase(Locale.ROOT))
        .close("td")
        .el("td", Formats.count(step.rowsIn()), "class", "num")
        .el("td", Formats.count(step.rowsOut()), "class", "num")
        .open("td", "class", "num");
    if (step.quarantined() > 0) {
      body.link(
          "/quarantine?dataset=" + Html.url(step.step()) + "&run=" + Html.url(run.runId()),
          Formats.count(step.quarantined()),
          "id",
          "quarantined-rows");
    } else {
      body.text(Formats.count(step.quarantined()));
    }
    body.close("td")
        .el("td", Formats.count(step.dropped()), "class", "num")
        .el("td", Formats.count(step.warned()), "class", "num")
        .el("td", Formats.seconds(step.startedAt(), step.endedAt()), "class", "num")
        .close("tr")
        .close("table");
    step.error().ifPresent(error -> body.el("h2", "Error").el("pre", error, "class", "error"));
    List<CheckRecord> checks =
        console.store().checks(run.runId()).stream()
            .filter(c -> c.step().equals(step.step()))
            .toList();
    if (!checks.isEmpty()) {
      body.el("h2", "Checks").open("table", "class", "checks");
      body.head("Check", "On fail", "Failed rows", "Detail");
      for (CheckRecord check : checks) {
        body.row(
            check.checkName(), check.onFail(), Formats.count(check.failedRows()), check.detail());
      }
      body.close("table");
    }
    List<LogLine> log = console.store().log(run.runId(), step.step(), LOG_LINES);
    body.el("h2", "Log");
    if (log.isEmpty()) {
      body.el("p", "No log lines were kept for this step.", "class", "muted");
    } else {
      body.open("table", "class", "log").head("Time", "Level", "Line");
      for (LogLine line : log) {
        body.open("tr", "class", "log-" + line.level().toLowerCase(Locale.ROOT))
            .el("td", Formats.time(line.at()), "class", "nowrap")
            .el("td", line.level())
            .open("td")
            .el("pre", line.text(), "class", "log-line")
            .close("td")
            .close("tr");
      }
      body.close("table");
    }
    return Layout.page("Step " + step.step(), "runs", body.toString());
  }
}
