package io.sluice.server.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.store.CheckRecord;
import io.sluice.core.store.RunRecord;
import io.sluice.core.store.RunStatus;
import io.sluice.core.store.StepRecord;
import java.util.List;

/**
 * One run: its steps with rows in, out, quarantined and dropped, time, checks and errors. While the
 * run is going the page refreshes its cells from {@code /api/runs/ID} without a reload.
 */
final class RunPage {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Console console;

  RunPage(Console console) {
    this.console = console;
  }

  String render(RunRecord run) {
    List<StepRecord> steps = console.store().steps(run.runId());
    List<CheckRecord> checks = console.store().checks(run.runId());
    boolean running = run.status() == RunStatus.RUNNING;
    Html body = new Html();
    body.open(
        "div",
        "data-live",
        "/api/runs/" + Html.url(run.runId()),
        "data-running",
        String.valueOf(running),
        "data-every",
        String.valueOf(console.settings().refresh().toMillis()));
    body.open("div", "class", "cards");
    card(body, "Pipeline", run.pipeline(), "/pipelines/" + Html.url(run.pipeline()));
    body.open("div", "class", "card")
        .el("div", "Status", "class", "muted")
        .open("div", "class", "value")
        .el(
            "span",
            run.status().name().toLowerCase(java.util.Locale.ROOT),
            "class",
            "badge " + run.status().name().toLowerCase(java.util.Locale.ROOT),
            "data-field",
            "run|status")
        .close("div")
        .close("div");
    card(body, "Started", Formats.time(run.startedAt()), null);
    card(body, "Seconds", Formats.seconds(run.startedAt(), run.endedAt()), null);
    card(body, "Profile", run.profile(), null);
    body.close("div");
    if (running) {
      body.el("p", "live: updating while the run is going", "id", "live-stamp", "class", "muted");
    }
    run.error().ifPresent(error -> body.el("h2", "Error").el("pre", error, "class", "error"));
    body.el("h2", "Steps");
    body.open("table", "class", "steps")
        .open("thead")
        .head("Step", "Kind", "Status", "Rows in", "Rows out", "Quarantined", "Dropped", "Seconds")
        .close("thead")
        .open("tbody");
    for (StepRecord step : steps) {
      body.open("tr", "id", GraphSvg.anchor("step:" + step.step()))
          .open("td")
          .link("/runs/" + Html.url(run.runId()) + "/steps/" + Html.url(step.step()), step.step())
          .close("td")
          .el("td", step.kind())
          .open("td")
          .el(
              "span",
              step.status().name().toLowerCase(java.util.Locale.ROOT),
              "class",
              "badge " + step.status().name().toLowerCase(java.util.Locale.ROOT),
              "data-field",
              step.step() + "|status")
          .close("td");
      number(body, step, "rows_in", step.rowsIn());
      number(body, step, "rows_out", step.rowsOut());
      if (step.quarantined() > 0) {
        body.open("td", "class", "num")
            .link(
                "/quarantine?dataset=" + Html.url(step.step()) + "&run=" + Html.url(run.runId()),
                Formats.count(step.quarantined()),
                "data-field",
                step.step() + "|quarantined")
            .close("td");
      } else {
        number(body, step, "quarantined", step.quarantined());
      }
      number(body, step, "dropped", step.dropped());
      body.el(
              "td",
              Formats.seconds(step.startedAt(), step.endedAt()),
              "class",
              "num",
              "data-field",
              step.step() + "|seconds")
          .close("tr");
      step.error()
          .ifPresent(
              error ->
                  body.open("tr")
                      .open("td", "colspan", "8")
                      .el("pre", error, "class", "error")
                      .close("td")
                      .close("tr"));
    }
    body.close("tbody").close("table");
    if (!checks.isEmpty()) {
      body.el("h2", "Checks")
          .open("table", "class", "checks")
          .head(
              "Step", "Check", "On fail", "Failed rows", "Detail (both sides of a reconciliation)");
      for (CheckRecord check : checks) {
        body.open("tr")
            .el("td", check.step())
            .el("td", check.checkName())
            .el("td", check.onFail())
            .el("td", Formats.count(check.failedRows()), "class", "num")
            .el("td", check.detail())
            .close("tr");
      }
      body.close("table");
    }
    if (!run.parameters().isEmpty()) {
      body.el("h2", "Parameters").el("pre", run.parameters());
    }
    body.close("div");
    return Layout.page("Run " + run.runId(), "runs", body.toString());
  }

  private static void card(Html body, String label, String value, String href) {
    body.open("div", "class", "card")
        .el("div", label, "class", "muted")
        .open("div", "class", "value");
    if (href == null) {
      body.text(value);
    } else {
      body.link(href, value);
    }
    body.close("div").close("div");
  }

  private static void number(Html body, StepRecord step, String field, long value) {
    body.el("td", Formats.count(value), "class", "num", "data-field", step.step() + "|" + field);
  }

  /** The run and its steps as JSON, for live updates and scripts. */
  String json(RunRecord run) {
    ObjectNode root = JSON.createObjectNode();
    root.put("run_id", run.runId())
        .put("pipeline", run.pipeline())
        .put("status", run.status().name())
        .put("started_at", run.startedAt().toString())
        .put("ended_at", run.endedAt().map(Object::toString).orElse(null))
        .put("error", run.error().orElse(null));
    ArrayNode steps = root.putArray("steps");
    for (StepRecord step : console.store().steps(run.runId())) {
      steps
          .addObject()
          .put("step", step.step())
          .put("kind", step.kind())
          .put("status", step.status().name())
          .put("rows_in", step.rowsIn())
          .put("rows_out", step.rowsOut())
          .put("quarantined", step.quarantined())
          .put("dropped", step.dropped())
          .put("seconds", Formats.seconds(step.startedAt(), step.endedAt()))
          .put("error", step.error().orElse(null));
    }
    return root.toString();
  }
}
