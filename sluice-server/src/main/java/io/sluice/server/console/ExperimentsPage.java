package io.sluice.server.console;

import io.sluice.core.store.ExperimentRun;
import io.sluice.core.store.ModelRegistry;
import io.sluice.core.store.ModelVersion;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The registry and its experiments: each model's versions with their aliases and test metrics, then
 * each experiment's training runs side by side (one column per run: parameters, metrics, feature
 * importances as bars, the snapshots of the data they read and the pipeline version).
 */
final class ExperimentsPage {
  /** Training runs shown side by side per experiment. */
  static final int RUNS_SIDE_BY_SIDE = 12;

  private final Console console;

  ExperimentsPage(Console console) {
    this.console = console;
  }

  String render() {
    ModelRegistry registry = console.store().models();
    List<ExperimentRun> runs = registry.experimentRuns(Optional.empty(), 500);
    Html body = new Html();
    if (runs.isEmpty()) {
      body.el(
          "p",
          "No training runs yet. A pipeline's train: dataset records each training run here: its"
              + " parameters, test metrics (RMSE, MAE, R²), feature importances and the data"
              + " snapshots it read, and registers it as a model version.",
          "class",
          "message");
      return Layout.page("Experiments", "experiments", body.toString());
    }
    body.el("h2", "Registry");
    for (String model : registry.models()) {
      versions(body, model, registry.versions(model));
    }
    Set<String> experiments = new LinkedHashSet<>();
    runs.forEach(r -> experiments.add(r.experiment()));
    for (String experiment : experiments) {
      List<ExperimentRun> mine =
          runs.stream()
              .filter(r -> r.experiment().equals(experiment))
              .limit(RUNS_SIDE_BY_SIDE)
              .toList();
      body.el("h2", "Experiment " + experiment);
      sideBySide(body, mine);
    }
    return Layout.page("Experiments", "experiments", body.toString());
  }

  private static void versions(Html body, String model, List<ModelVersion> versions) {
    body.el("h3", model).open("table", "class", "versions");
    body.head("Version", "Aliases", "Algorithm", "RMSE", "MAE", "R²", "Registered", "Run");
    for (ModelVersion v : versions) {
      Map<String, Double> m = v.training().metrics();
      body.open("tr", "data-version", Integer.toString(v.version()))
          .el("td", "v" + v.version())
          .open("td");
      v.aliases().forEach(alias -> body.el("span", alias, "class", "badge alias"));
      body.close("td")
          .el("td", v.training().algorithm())
          .el("td", metric(m, "rmse"), "class", "num")
          .el("td", metric(m, "mae"), "class", "num")
          .el("td", metric(m, "r2"), "class", "num")
          .el("td", Formats.time(v.createdAt()))
          .open("td")
          .link("/runs/" + Html.url(v.training().runId()), v.training().runId())
          .close("td")
          .close("tr");
    }
    body.close("table");
  }

  private static void sideBySide(Html body, List<ExperimentRun> runs) {
    Set<String> params = new LinkedHashSet<>();
    Set<String> metrics = new LinkedHashSet<>();
    Set<String> features = new LinkedHashSet<>();
    Set<String> tables = new LinkedHashSet<>();
    for (ExperimentRun run : runs) {
      params.addAll(run.params().keySet());
      metrics.addAll(run.metrics().keySet());
      features.addAll(run.importances().keySet());
      tables.addAll(run.snapshots().keySet());
    }
    body.open("table", "class", "experiment");
    body.open("tr").el("th", "");
    for (ExperimentRun run : runs) {
      body.el(
          "th",
          run.algorithm() + run.registeredVersion().map(v -> " (v" + v + ")").orElse(""),
          "class",
          "num");
    }
    body.close("tr");
    row(body, "run", runs, r -> r.runId());
    row(body, "started", runs, r -> Formats.time(r.startedAt()));
    row(body, "status", runs, r -> r.status().name());
    section(body, "Metrics (test split)", runs.size());
    for (String m : metrics) {
      row(body, m, runs, r -> metric(r.metrics(), m));
    }
    section(body, "Feature importances", runs.size());
    for (String feature : features) {
      body.open("tr").el("td", feature);
      for (ExperimentRun run : runs) {
        Double value = run.importances().get(feature);
        body.open("td", "class", "num");
        if (value != null) {
          body.raw(
              "<span class=\"bar\" style=\"width:" + Math.round(value * 100) + "px\"></span> ");
          body.text(String.format(Locale.ROOT, "%.3f", value));
        }
        body.close("td");
      }
      body.close("tr");
    }
    section(body, "Parameters", runs.size());
    for (String p : params) {
      row(body, p, runs, r -> r.params().getOrDefault(p, ""));
    }
    section(body, "Data and code", runs.size());
    for (String table : tables) {
      row(
          body,
          table + " snapshot",
          runs,
          r -> Optional.ofNullable(r.snapshots().get(table)).map(String::valueOf).orElse(""));
    }
    row(body, "pipeline version", runs, ExperimentRun::pipelineVersion);
    row(body, "artifact", runs, ExperimentRun::artifact);
    body.close("table");
  }

  private static void row(
      Html body,
      String label,
      List<ExperimentRun> runs,
      java.util.function.Function<ExperimentRun, String> value) {
    body.open("tr").el("td", label);
    runs.forEach(r -> body.el("td", value.apply(r), "class", "num"));
    body.close("tr");
  }

  private static void section(Html body, String title, int runs) {
    body.open("tr").el("th", title, "colspan", Integer.toString(runs + 1)).close("tr");
  }

  private static String metric(Map<String, Double> metrics, String name) {
    Double value = metrics.get(name);
    if (value == null) {
      return "";
    }
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? String.format(Locale.ROOT, "%,d", value.longValue())
        : String.format(Locale.ROOT, "%.4f", value);
  }
}
