package io.sluice.server.console;

import io.sluice.core.browse.QueryResult;
import io.sluice.core.browse.TableInfo;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Datasets (schema, partitions, snapshots, a sample, rows over time) and quarantined rows. */
final class LakePages {
  static final String QUARANTINE_SUFFIX = "__quarantine";

  private final Console console;

  /** Samples and quarantined rows, kept until their table has a new snapshot. */
  private final ResultCache<QueryResult> rows = new ResultCache<>(200);

  private record Key(String what, java.util.List<Object> parts, Map<String, Long> versions) {}

  LakePages(Console console) {
    this.console = console;
  }

  String datasets() {
    Html body = new Html();
    List<String> tables = console.lake().tables();
    body.open("table", "class", "datasets")
        .open("thead")
        .head("Dataset", "Rows", "Snapshots", "Last commit", "Quarantine")
        .close("thead")
        .open("tbody");
    for (String name : tables) {
      if (name.endsWith(QUARANTINE_SUFFIX)) {
        continue;
      }
      TableInfo table = console.lake().table(name);
      Optional<TableInfo.Snapshot> current = table.snapshots().stream().findFirst();
      boolean quarantine = tables.contains(name + QUARANTINE_SUFFIX);
      body.open("tr", "data-dataset", name)
          .open("td")
          .link("/datasets/" + Html.url(name), name)
          .close("td")
          .el("td", current.map(s -> Formats.count(s.totalRows())).orElse("0"), "class", "num")
          .el("td", String.valueOf(table.snapshots().size()), "class", "num")
          .el("td", current.map(s -> Formats.time(s.committedAt())).orElse(""))
          .open("td");
      if (quarantine) {
        body.link("/quarantine?dataset=" + Html.url(name), "rows");
      }
      body.close("td").close("tr");
    }
    body.close("tbody").close("table");
    if (tables.isEmpty()) {
      body.el("p", "The lake has no tables yet: run a pipeline.", "class", "message");
    }
    return Layout.page("Datasets", "datasets", body.toString());
  }

  String dataset(String name, Optional<Long> snapshot) {
    TableInfo table = console.lake().table(name);
    Html body = new Html();
    body.el("h2", "Schema").open("table", "class", "schema").head("Column", "Type", "Nullable");
    table.columns().forEach(c -> body.row(c.name(), c.type(), c.nullable() ? "yes" : "no"));
    body.close("table");
    body.el(
        "p",
        table.partitioning().isEmpty()
            ? "Not partitioned."
            : "Partitioned by " + String.join(", ", table.partitioning()) + ".");
    body.el("h2", "Rows over time").raw(Sparkline.rows(table.snapshots()));
    body.el("h2", "Snapshots")
        .open("table", "class", "snapshots")
        .head("Snapshot", "Committed", "Operation", "Rows added", "Rows after", "");
    for (TableInfo.Snapshot s : table.snapshots()) {
      body.open("tr", "data-snapshot", String.valueOf(s.id()))
          .el("td", String.valueOf(s.id()))
          .el("td", Formats.time(s.committedAt()))
          .el("td", s.operation())
          .el("td", s.addedRows() < 0 ? "" : Formats.count(s.addedRows()), "class", "num")
          .el("td", s.totalRows() < 0 ? "" : Formats.count(s.totalRows()), "class", "num")
          .open("td")
          .link(
              "/datasets/" + Html.url(name) + "?snapshot=" + s.id() + "#sample",
              "rows at this snapshot")
          .close("td")
          .close("tr");
    }
    body.close("table");
    int limit = Math.min(100, console.settings().rowLimit());
    QueryResult sample =
        rows.get(
            new Key(
                "sample",
                List.of(name, snapshot.orElse(-1L), limit),
                console.lake().versions(List.of(name))),
            () -> console.lake().sample(name, snapshot, limit));
    body.open("h2", "id", "sample")
        .text(snapshot.map(id -> "Rows at snapshot " + id).orElse("A sample of the current rows"))
        .close("h2");
    result(body, sample);
    return Layout.page(name, "datasets", body.toString());
  }

  String quarantine(String dataset, String reason, String run) {
    Html body = new Html();
    List<String> withQuarantine =
        console.lake().tables().stream()
            .filter(t -> t.endsWith(QUARANTINE_SUFFIX))
            .map(t -> t.substring(0, t.length() - QUARANTINE_SUFFIX.length()))
            .toList();
    body.open("form", "class", "filters", "method", "get", "action", "/quarantine")
        .open("label")
        .text("Dataset")
        .open("select", "name", "dataset");
    for (String name : withQuarantine) {
      body.open("option", "value", name, "selected", name.equals(dataset) ? "selected" : null)
          .text(name)
          .close("option");
    }
    body.close("select")
        .close("label")
        .open("label")
        .text("Reason contains")
        .open("input", "name", "reason", "value", reason == null ? "" : reason)
        .close("label")
        .open("label")
        .text("Run")
        .open("input", "name", "run", "value", run == null ? "" : run)
        .close("label")
        .raw("<button type=\"submit\">Filter</button>")
        .close("form");
    String chosen =
        RunsPage.present(dataset) ? dataset : withQuarantine.stream().findFirst().orElse(null);
    if (chosen == null) {
      body.el("p", "No dataset has quarantined rows.", "class", "message");
      return Layout.page("Quarantine", "quarantine", body.toString());
    }
    if (!withQuarantine.contains(chosen)) {
      throw new SluiceException(
          ErrorCode.UNDEFINED_REFERENCE, "Dataset " + chosen + " has no quarantined rows");
    }
    QueryResult rows =
        console
            .lake()
            .quarantine(
                chosen,
                Optional.ofNullable(reason).filter(RunsPage::present),
                Optional.ofNullable(run).filter(RunsPage::present),
                console.settings().rowLimit());
    body.el("h2", chosen);
    result(body, rows);
    return Layout.page("Quarantine", "quarantine", body.toString());
  }

  /** A query result as a table, with how many rows and how long. */
  static void result(Html body, QueryResult result) {
    body.el(
        "p",
        result.rows().size()
            + (result.truncated() ? "+" : "")
            + " row(s) in "
            + result.millis()
            + " ms"
            + (result.truncated() ? " (more exist: only the first ones are shown)" : ""),
        "class",
        "muted result-count");
    body.open("table", "class", "result")
        .open("thead")
        .head(result.columns().toArray(String[]::new))
        .close("thead")
        .open("tbody");
    for (List<String> row : result.rows()) {
      body.open("tr");
      for (String cell : row) {
        if (cell == null) {
          body.el("td", "NULL", "class", "muted");
        } else {
          body.el("td", cell.length() > 500 ? cell.substring(0, 497) + "..." : cell);
        }
      }
      body.close("tr");
    }
    body.close("tbody").close("table");
  }
}
