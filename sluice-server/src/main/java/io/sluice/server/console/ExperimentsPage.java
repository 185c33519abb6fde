package io.sluice.server.console;

import io.sluice.core.store.ExperimentRun;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Training runs grouped by experiment: parameters and metrics side by side (one column per name
 * seen), the pipeline run that trained each model and the registry version it became.
 */
final class ExperimentsPage {
  private final Console console;

  ExperimentsPage(Console console) {
    this.console = console;
  }

  String render() {
    List<ExperimentRun> runs = console.store().experimentRuns(500);
    Html body = new Html();
    if (runs.isEmpty()) {
      body.el(
          "p",
          "No training runs yet. A pipeline that trains a model records each training run here:"
              + " its parameters, metrics (RMSE, MAE, R²), the run that trained it and the"
              + " registered version.",
          "class",
          "message");
      return Layout.page("Experiments", "experiments", body.toString());
    }
    Set<String> experiments = new LinkedHashSet<>();
    runs.forEach(r -> experiments.add(r.experiment()));
    for (String experiment : experiments) {
      List<ExperimentRun> mine =
          runs.stream().filter(r -> r.experiment().equals(experiment)).toList();
      Set<String> params = new LinkedHashSet<>();
      Set<String> metrics = new LinkedHashSet<>();
      mine.forEach(
          r -> {
            params.addAll(r.params().keySet());
            metrics.addAll(r.metrics().keySet());
          });
      body.el("h2", experiment).open("table", "class", "experiment").open("tr");
      for (String head : List.of("Run", "Model", "Status", "Started", "Version")) {
        body.el("th", head);
      }
      params.forEach(p -> body.el("th", p));
      metrics.forEach(m -> body.el("th", m, "class", "num"));
      body.close("tr");
      for (ExperimentRun run : mine) {
        body.open("tr")
            .open("td")
            .link("/runs/" + Html.url(run.runId()), run.runId())
            .close("td")
            .el("td", run.model())
            .open("td")
            .badge(run.status().name())
            .close("td")
            .el("td", Formats.time(run.startedAt()))
            .el("td", run.registeredVersion().orElse(""));
        params.forEach(p -> body.el("td", run.params().getOrDefault(p, "")));
        metrics.forEach(m -> body.el("td", metric(run.metrics(), m), "class", "num"));
        body.close("tr");
      }
      body.close("table");
    }
    return Layout.page("Experiments", "experiments", body.toString());
  }

  private static String metric(Map<String, Double> metrics, String name) {
    Double value = metrics.get(name);
    return value == null ? "" : String.format(java.util.Locale.ROOT, "%.4f", value);
  }
}
