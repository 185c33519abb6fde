package io.sluice.server.console;

import io.sluice.core.store.RunFilter;
import io.sluice.core.store.RunRecord;
import io.sluice.spec.ScheduleSpec;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/** Every pipeline found: schedule, last run, next due date and health. */
final class PipelinesPage {
  private final Console console;

  PipelinesPage(Console console) {
    this.console = console;
  }

  String render() {
    List<PipelineEntry> pipelines = console.workspace().pipelines();
    Html body = new Html();
    if (pipelines.isEmpty()) {
      body.el("p", "No pipeline files found under " + console.roots() + ".", "class", "message");
      return Layout.page("Pipelines", "pipelines", body.toString());
    }
    body.open("table", "class", "pipelines")
        .open("thead")
        .head("Pipeline", "Health", "Schedule", "Last run", "Next due", "File")
        .close("thead")
        .open("tbody");
    for (PipelineEntry entry : pipelines) {
      Optional<RunRecord> last =
          console.store().runs(RunFilter.newest(1).withPipeline(entry.name())).stream().findFirst();
      Optional<ScheduleSpec> schedule = entry.plan().flatMap(p -> p.spec().schedule());
      body.open("tr", "data-pipeline", entry.name())
          .open("td")
          .link("/pipelines/" + Html.url(entry.name()), entry.name())
          .close("td")
          .open("td");
      if (!entry.valid()) {
        body.badge("invalid").text(" " + problems(entry));
      } else if (last.isPresent()) {
        body.badge(last.get().status().name());
      } else {
        body.el("span", "never run", "class", "muted");
      }
      body.close("td")
          .el("td", schedule.map(s -> s.cron() + " (" + s.timezone() + ")").orElse("on demand"))
          .open("td");
      last.ifPresent(
          run ->
              body.link("/runs/" + Html.url(run.runId()), Formats.time(run.startedAt()))
                  .text(" ")
                  .badge(run.status().name()));
      body.close("td")
          .el(
              "td",
              schedule
                  .flatMap(s -> s.nextDue(ZonedDateTime.now(s.timezone())))
                  .map(t -> Formats.time(t.toInstant()))
                  .orElse(""))
          .el("td", console.relative(entry.file()), "class", "muted")
          .close("tr");
    }
    body.close("tbody").close("table");
    return Layout.page("Pipelines", "pipelines", body.toString());
  }

  private static String problems(PipelineEntry entry) {
    int n = entry.problems().isEmpty() ? 1 : entry.problems().size();
    return n + (n == 1 ? " problem" : " problems");
  }
}
