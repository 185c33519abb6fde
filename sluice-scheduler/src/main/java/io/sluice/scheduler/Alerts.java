package io.sluice.scheduler;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.core.plan.Plan;
import io.sluice.core.run.RunListener;
import io.sluice.core.run.StepResult;
import io.sluice.core.store.RunStatus;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A run's alerts: to the Slack webhook (its text) and the generic webhook (JSON with kind,
 * pipeline, run id, logical date, step and text), whichever the pipeline configures. One failure
 * alert per run: a run that already alerted (a reconciliation, a sensor) sends no second one.
 */
final class Alerts {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Plan plan;
  private final String runId;
  private final AlertSender sender;
  private final RunListener listener;
  private volatile boolean alerted;

  Alerts(Plan plan, String runId, AlertSender sender, RunListener listener) {
    this.plan = plan;
    this.runId = runId;
    this.sender = sender;
    this.listener = listener;
  }

  /** Sends {@code text}; a failed post is a warning note on {@code step}. */
  void send(String step, String kind, String text) {
    alerted = true;
    plan.spec()
        .slackWebhook()
        .flatMap(
            webhook -> sender.post(webhook, JSON.createObjectNode().put("text", text).toString()))
        .ifPresent(problem -> listener.note(step, "warning: cannot alert Slack: " + problem));
    plan.spec()
        .alerts()
        .webhook()
        .flatMap(
            webhook ->
                sender.post(
                    webhook,
                    JSON.createObjectNode()
                        .put("kind", kind)
                        .put("pipeline", plan.spec().name())
                        .put("run_id", runId)
                        .put("logical_date", plan.spec().runDate().ds().toString())
                        .put("step", step)
                        .put("text", text)
                        .toString()))
        .ifPresent(problem -> listener.note(step, "warning: cannot call the webhook: " + problem));
  }

  /** The alerts at the end of a run: failure (unless one was sent), success, a missed SLA. */
  void runEnded(List<StepResult> results, Optional<String> failure, Duration took) {
    String pipeline = plan.spec().name();
    String steps =
        results.stream()
            .map(
                r ->
                    r.name()
                        + " "
                        + r.status().name().toLowerCase(Locale.ROOT)
                        + (r.rowsOut() > 0 ? " (" + r.rowsOut() + " rows)" : ""))
            .collect(Collectors.joining(", "));
    String about =
        " of pipeline " + pipeline + " (logical date " + plan.spec().runDate().ds() + ")";
    if (failure.isPresent() && !alerted) {
      Optional<StepResult> failedStep =
          results.stream().filter(r -> r.error().isPresent()).findFirst();
      send(
          pipeline,
          "failure",
          "Run "
              + runId
              + about
              + " failed"
              + failedStep.map(step -> " at step " + step.name()).orElse("")
              + ": "
              + failure.get().lines().findFirst().orElse("")
              + " | steps: "
              + steps);
    } else if (failure.isEmpty() && plan.spec().alerts().onSuccess()) {
      send(
          pipeline,
          "success",
          "Run " + runId + about + " succeeded in " + took.toSeconds() + "s | steps: " + steps);
    }
    RunStatus status = failure.isPresent() ? RunStatus.FAILED : RunStatus.SUCCEEDED;
    plan.spec()
        .alerts()
        .sla()
        .filter(sla -> took.compareTo(sla) > 0)
        .ifPresent(
            sla ->
                send(
                    pipeline,
                    "sla",
                    "Run "
                        + runId
                        + about
                        + " missed its SLA of "
                        + sla.toMillis() / 1000.0
                        + "s: it took "
                        + took.toMillis() / 1000.0
                        + "s ("
                        + (status == RunStatus.FAILED ? "failed" : "succeeded")
                        + ")"));
  }
}
