package io.sluice.server.console;

import io.sluice.core.browse.TableInfo;
import io.sluice.core.plan.Plan;
import io.sluice.core.plan.PlannedDataset;
import io.sluice.core.plan.PlannedSink;
import io.sluice.core.store.CheckRecord;
import io.sluice.core.store.RunFilter;
import io.sluice.core.store.RunRecord;
import io.sluice.core.store.StepRecord;
import io.sluice.spec.DatasetDefinition;
import io.sluice.spec.Problem;
import io.sluice.spi.SluiceException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One pipeline: its graph, each node's schema, last-run rows and checks, the SQL it runs (with
 * translations), the tables' DDL, and the file with its problems at their lines.
 */
final class PipelinePage {
  private final Console console;

  PipelinePage(Console console) {
    this.console = console;
  }

  String render(PipelineEntry entry) {
    Html body = new Html();
    body.open("p")
        .el("span", console.relative(entry.file()), "class", "muted")
        .text(" · ")
        .link("/runs?pipeline=" + Html.url(entry.name()), "runs")
        .text(" · ")
        .link("/pipelines/" + Html.url(entry.name()) + "/grid", "grid")
        .close("p");
    if (entry.plan().isEmpty()) {
      body.open("p", "class", "message").badge("invalid").text(" This file does not plan: ");
      body.text(
          entry.error().isEmpty()
              ? entry.problems().size() + " problem(s), below."
              : entry.error());
      body.close("p");
      file(body, entry);
      return Layout.page(entry.name(), "pipelines", body.toString());
    }
    Plan plan = entry.plan().get();
    Optional<RunRecord> last =
        console.store().runs(RunFilter.newest(1).withPipeline(entry.name())).stream().findFirst();
    Map<String, StepRecord> steps =
        last.map(r -> console.store().steps(r.runId())).orElse(List.of()).stream()
            .collect(Collectors.toMap(StepRecord::step, Function.identity(), (a, b) -> b));
    List<CheckRecord> checks = last.map(r -> console.store().checks(r.runId())).orElse(List.of());
    if (!plan.spec().description().isEmpty()) {
      body.el("p", plan.spec().description());
    }
    last.ifPresent(
        run ->
            body.open("p")
                .text("Last run ")
                .link("/runs/" + Html.url(run.runId()), run.runId())
                .text(" " + Formats.time(run.startedAt()) + " ")
                .badge(run.status().name())
                .close("p"));
    Set<String> failed = new HashSet<>();
    steps.values().stream()
        .filter(s -> s.status().name().equals("FAILED"))
        .forEach(s -> failed.add((s.kind().equals("sink") ? "sink:" : "dataset:") + s.step()));
    if (!plan.spec().dashboards().isEmpty()) {
      body.open("p").text("Dashboards: ");
      plan.spec()
          .dashboards()
          .values()
          .forEach(d -> body.link(DashboardPage.href(entry.name(), d.name()), d.title()).text(" "));
      body.close("p");
    }
    GraphSvg graph = new GraphSvg(plan);
    body.el("h2", "Graph").open("div", "class", "graph-box").raw(graph.render(failed)).close("div");
    body.el("h2", "Datasets");
    for (PlannedDataset dataset : plan.datasets()) {
      dataset(body, dataset, Optional.ofNullable(steps.get(dataset.name())), checks);
    }
    if (!plan.sinks().isEmpty()) {
      body.el("h2", "Sinks");
      for (PlannedSink sink : plan.sinks()) {
        body.open("section", "id", GraphSvg.anchor("sink:" + sink.spec().name()))
            .el(
                "h3",
                sink.spec().name() + " ← " + sink.spec().from() + " (" + sink.spec().type() + ")")
            .el(
                "p",
                "mode "
                    + sink.spec().mode().name().toLowerCase(Locale.ROOT)
                    + "; delivery: "
                    + plan.delivery(sink));
        rows(body, Optional.ofNullable(steps.get(sink.spec().name())));
        body.close("section");
      }
    }
    file(body, entry);
    return Layout.page(entry.name(), "pipelines", body.toString());
  }

  private void dataset(
      Html body, PlannedDataset dataset, Optional<StepRecord> step, List<CheckRecord> checks) {
    body.open("section", "id", GraphSvg.anchor("dataset:" + dataset.name()))
        .open("h3")
        .link("/datasets/" + Html.url(dataset.name()), dataset.name())
        .close("h3");
    body.el("p", "delivery: " + dataset.delivery(), "class", "muted");
    rows(body, step);
    List<CheckRecord> mine = checks.stream().filter(c -> c.step().equals(dataset.name())).toList();
    if (!dataset.spec().expectations().isEmpty()) {
      body.open("table", "class", "checks")
          .head("Check", "Rule", "On fail", "Failed rows (last run)");
      dataset
          .spec()
          .expectations()
          .forEach(
              check ->
                  body.row(
                      check.name(),
                      check.check(),
                      check.onFail().name().toLowerCase(Locale.ROOT),
                      mine.stream()
                          .filter(c -> c.checkName().equals(check.name()))
                          .findFirst()
                          .map(c -> Formats.count(c.failedRows()))
                          .orElse("")));
      body.close("table");
    }
    DatasetDefinition definition = dataset.spec().definition();
    if (definition instanceof DatasetDefinition.SqlQuery query) {
      if (query.translated()) {
        body.el("p", query.dialect().name().toLowerCase(Locale.ROOT) + " SQL as written:")
            .el("pre", query.written())
            .el("p", "runs as Spark SQL:");
      }
      body.el("pre", query.sql(), "class", "sql");
    }
    try {
      TableInfo table = console.lake().table(dataset.name());
      body.el("pre", ddl(table), "class", "ddl");
    } catch (SluiceException e) {
      body.el("p", "Not in the lake yet: the table is created by its first run.", "class", "muted");
    }
    body.close("section");
  }

  private static void rows(Html body, Optional<StepRecord> step) {
    if (step.isEmpty()) {
      return;
    }
    StepRecord s = step.get();
    body.open("table", "class", "rows")
        .head("Last run", "Rows in", "Rows out", "Quarantined", "Dropped", "Warned")
        .open("tr")
        .open("td")
        .badge(s.status().name())
        .close("td");
    for (long n : new long[] {s.rowsIn(), s.rowsOut(), s.quarantined(), s.dropped(), s.warned()}) {
      body.el("td", Formats.count(n), "class", "num");
    }
    body.close("tr").close("table");
  }

  /** The table's DDL as Spark SQL. */
  static String ddl(TableInfo table) {
    StringBuilder ddl = new StringBuilder("CREATE TABLE lake." + table.name() + " (\n");
    for (int i = 0; i < table.columns().size(); i++) {
      TableInfo.Column column = table.columns().get(i);
      ddl.append("  ")
          .append(column.name())
          .append(' ')
          .append(column.type().toUpperCase(Locale.ROOT));
      if (!column.nullable()) {
        ddl.append(" NOT NULL");
      }
      ddl.append(i + 1 < table.columns().size() ? ",\n" : "\n");
    }
    ddl.append(") USING iceberg");
    if (!table.partitioning().isEmpty()) {
      ddl.append("\nPARTITIONED BY (").append(String.join(", ", table.partitioning())).append(')');
    }
    return ddl.toString();
  }

  private void file(Html body, PipelineEntry entry) {
    body.el("h2", "File");
    Map<Integer, List<Problem>> byLine =
        entry.problems().stream().collect(Collectors.groupingBy(p -> p.position().line()));
    body.open("pre", "class", "file");
    String[] lines = entry.text().split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      List<Problem> here = byLine.getOrDefault(i + 1, List.of());
      body.el(
          "span", lines[i], "class", here.isEmpty() ? "line" : "line problem", "id", "L" + (i + 1));
      for (Problem problem : here) {
        body.el(
            "span",
            "^ col "
                + problem.position().column()
                + ": error["
                + problem.code().code()
                + "]: "
                + problem.message()
                + (problem.hint().isEmpty() ? "" : " (hint: " + problem.hint() + ")"),
            "class",
            "problem-note");
      }
    }
    body.close("pre");
    List<Problem> elsewhere =
        entry.problems().stream()
            .filter(p -> p.position().line() < 1 || p.position().line() > lines.length)
            .toList();
    elsewhere.forEach(p -> body.el("p", p.format(), "class", "error"));
  }
}
