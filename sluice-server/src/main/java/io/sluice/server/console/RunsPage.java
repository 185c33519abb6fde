package io.sluice.server.console;

import io.sluice.core.store.DateRecord;
import io.sluice.core.store.RunFilter;
import io.sluice.core.store.RunRecord;
import io.sluice.core.store.RunStatus;
import io.sluice.core.store.StepRecord;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The runs list with filters, and a scheduled pipeline's grid of logical dates by steps. */
final class RunsPage {
  static final int PAGE = 200;
  static final int GRID_DATES = 31;

  private final Console console;

  RunsPage(Console console) {
    this.console = console;
  }

  /** Runs filtered by pipeline, status and start date ({@code from}..{@code to}, UTC days). */
  String list(String pipeline, String status, String from, String to) {
    RunFilter filter = RunFilter.newest(PAGE);
    if (present(pipeline)) {
      filter = filter.withPipeline(pipeline);
    }
    if (present(status)) {
      try {
        filter = filter.withStatus(RunStatus.valueOf(status.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new SluiceException(ErrorCode.INVALID_VALUE, "Unknown run status '" + status + "'");
      }
    }
    filter = filter.between(day(from, 0), day(to, 1));
    List<RunRecord> runs = console.store().runs(filter);
    Html body = new Html();
    body.open("form", "class", "filters", "method", "get", "action", "/runs");
    Set<String> names = new LinkedHashSet<>();
    console.workspace().pipelines().forEach(p -> names.add(p.name()));
    select(body, "pipeline", "Pipeline", names, pipeline);
    List<String> statuses = new ArrayList<>();
    for (RunStatus s : RunStatus.values()) {
      statuses.add(s.name().toLowerCase(Locale.ROOT));
    }
    select(body, "status", "Status", statuses, status);
    body.open("label")
        .text("From")
        .open("input", "type", "date", "name", "from", "value", nvl(from))
        .close("label")
        .open("label")
        .text("To")
        .open("input", "type", "date", "name", "to", "value", nvl(to))
        .close("label")
        .raw("<button type=\"submit\">Filter</button>")
        .close("form");
    body.el(
        "p",
        runs.size() == PAGE ? "The newest " + PAGE + " runs that match." : runs.size() + " run(s).",
        "class",
        "muted");
    body.open("table", "class", "runs")
        .open("thead")
        .head("Run", "Pipeline", "Status", "Started", "Seconds", "Profile", "Error")
        .close("thead")
        .open("tbody");
    for (RunRecord run : runs) {
      body.open("tr", "data-run", run.runId())
          .open("td")
          .link("/runs/" + Html.url(run.runId()), run.runId())
          .close("td")
          .open("td")
          .link("/pipelines/" + Html.url(run.pipeline()), run.pipeline())
          .close("td")
          .open("td")
          .badge(run.status().name())
          .close("td")
          .el("td", Formats.time(run.startedAt()))
          .el("td", Formats.seconds(run.startedAt(), run.endedAt()), "class", "num")
          .el("td", run.profile())
          .el("td", run.error().map(RunsPage::firstLine).orElse(""), "class", "error")
          .close("tr");
    }
    body.close("tbody").close("table");
    return Layout.page("Runs", "runs", body.toString());
  }

  /** The last {@value #GRID_DATES} logical dates of a pipeline (columns) by its steps (rows). */
  String grid(PipelineEntry entry) {
    List<DateRecord> dates = console.store().dates(entry.name());
    if (dates.size() > GRID_DATES) {
      dates = dates.subList(dates.size() - GRID_DATES, dates.size());
    }
    List<String> steps = new ArrayList<>();
    entry
        .plan()
        .ifPresent(
            plan -> {
              plan.datasets().forEach(d -> steps.add(d.name()));
              plan.sinks().forEach(s -> steps.add(s.spec().name()));
            });
    Map<String, Map<String, StepRecord>> byDate = new LinkedHashMap<>();
    for (DateRecord date : dates) {
      Map<String, StepRecord> mine = new LinkedHashMap<>();
      for (StepRecord step : console.store().steps(date.runId())) {
        mine.put(step.step(), step);
        if (!steps.contains(step.step())) {
          steps.add(step.step());
        }
      }
      byDate.put(date.logicalDate(), mine);
    }
    Html body = new Html();
    body.open("p").link("/pipelines/" + Html.url(entry.name()), "pipeline").close("p");
    if (dates.isEmpty()) {
      body.el(
          "p",
          "No logical dates yet: the grid fills as the scheduler or a backfill runs this pipeline.",
          "class",
          "message");
      return Layout.page(entry.name() + " · grid", "runs", body.toString());
    }
    body.open("table", "class", "grid").open("thead").open("tr").el("th", "Step");
    for (DateRecord date : dates) {
      body.el(
          "th",
          date.logicalDate().substring(0, Math.min(10, date.logicalDate().length())),
          "class",
          "date");
    }
    body.close("tr").open("tr").el("th", "run");
    for (DateRecord date : dates) {
      String status = date.status().name().toLowerCase(Locale.ROOT);
      body.open("td", "class", "cell " + status, "title", date.logicalDate() + ": " + status)
          .link("/runs/" + Html.url(date.runId()), "")
          .close("td");
    }
    body.close("tr").close("thead").open("tbody");
    for (String step : steps) {
      body.open("tr").el("th", step);
      for (DateRecord date : dates) {
        StepRecord record = byDate.get(date.logicalDate()).get(step);
        String status = record == null ? "none" : record.status().name().toLowerCase(Locale.ROOT);
        body.open(
                "td",
                "class",
                "cell " + status,
                "data-date",
                date.logicalDate(),
                "data-step",
                step,
                "title",
                step + " on " + date.logicalDate() + ": " + status)
            .link("/runs/" + Html.url(date.runId()) + "#" + GraphSvg.anchor("step:" + step), "")
            .close("td");
      }
      body.close("tr");
    }
    body.close("tbody").close("table");
    return Layout.page(entry.name() + " · grid", "runs", body.toString());
  }

  private static void select(
      Html body, String name, String label, java.util.Collection<String> values, String chosen) {
    body.open("label").text(label).open("select", "name", name).el("option", "any", "value", "");
    for (String value : values) {
      body.open("option", "value", value, "selected", value.equals(chosen) ? "selected" : null)
          .text(value)
          .close("option");
    }
    body.close("select").close("label");
  }

  private static Optional<Instant> day(String value, int plusDays) {
    if (!present(value)) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          LocalDate.parse(value).plusDays(plusDays).atStartOfDay(ZoneOffset.UTC).toInstant());
    } catch (DateTimeParseException e) {
      throw new SluiceException(
          ErrorCode.INVALID_VALUE, "Cannot read the date '" + value + "': use YYYY-MM-DD");
    }
  }

  static boolean present(String value) {
    return value != null && !value.isBlank();
  }

  private static String nvl(String value) {
    return value == null ? "" : value;
  }

  static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
