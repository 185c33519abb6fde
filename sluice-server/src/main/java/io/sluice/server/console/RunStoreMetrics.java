package io.sluice.server.console;

import io.sluice.core.store.RunRecord;
import io.sluice.core.store.RunStatus;
import io.sluice.core.store.RunStore;
import io.sluice.core.store.StepRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The run store as Prometheus gauges, for {@code /metrics} of `sluice console` and `sluice serve`:
 * every run any process recorded (a CLI, a scheduler, a driver on a cluster) shows here. Per
 * pipeline: its latest run's status, start, duration and steps (rows in and out, quarantined,
 * dropped, seconds), when it last succeeded, and how its last {@value #RECENT} runs ended.
 */
public final class RunStoreMetrics {
  /** How many recent runs of each pipeline the outcome counts cover. */
  static final int RECENT = 100;

  private static final List<RunStatus> STATUSES = List.of(RunStatus.values());

  private RunStoreMetrics() {}

  /** The metrics in Prometheus' text exposition format (0.0.4). */
  public static String text(RunStore store) {
    Map<String, List<RunRecord>> byPipeline = new TreeMap<>();
    for (RunRecord run : store.recentRuns(null, 2_000)) {
      List<RunRecord> runs =
          byPipeline.computeIfAbsent(run.pipeline(), name -> new java.util.ArrayList<>());
      if (runs.size() < RECENT) {
        runs.add(run); // newest first
      }
    }
    Families out = new Families();
    for (Map.Entry<String, List<RunRecord>> entry : byPipeline.entrySet()) {
      String pipeline = entry.getKey();
      RunRecord last = entry.getValue().get(0);
      String labels = "pipeline=\"" + escape(pipeline) + "\"";
      for (RunStatus status : STATUSES) {
        out.add(
            "sluice_last_run_status",
            "1 for the status of the pipeline's latest run",
            labels + ",status=\"" + name(status) + "\"",
            last.status() == status ? 1 : 0);
      }
      out.add(
          "sluice_last_run_start_seconds",
          "When the latest run started (epoch seconds)",
          labels,
          last.startedAt().getEpochSecond());
      out.add(
          "sluice_last_run_duration_seconds",
          "How long the latest run took, or has taken so far",
          labels,
          Duration.between(last.startedAt(), last.endedAt().orElse(Instant.now())).toMillis()
              / 1000.0);
      entry.getValue().stream()
          .filter(run -> run.status() == RunStatus.SUCCEEDED)
          .findFirst()
          .ifPresent(
              ok ->
                  out.add(
                      "sluice_last_success_seconds",
                      "When the pipeline's latest successful run ended (epoch seconds)",
                      labels,
                      ok.endedAt().orElse(ok.startedAt()).getEpochSecond()));
      Map<RunStatus, Integer> outcomes = new LinkedHashMap<>();
      entry.getValue().forEach(run -> outcomes.merge(run.status(), 1, Integer::sum));
      for (RunStatus status : STATUSES) {
        out.add(
            "sluice_recent_runs",
            "How the pipeline's last " + RECENT + " runs ended",
            labels + ",status=\"" + name(status) + "\"",
            outcomes.getOrDefault(status, 0));
      }
      for (StepRecord step : store.steps(last.runId())) {
        String stepLabels = labels + ",step=\"" + escape(step.step()) + "\"";
        out.add("sluice_last_run_step_rows_in", "Rows the step read", stepLabels, step.rowsIn());
        out.add("sluice_last_run_step_rows_out", "Rows it wrote", stepLabels, step.rowsOut());
        out.add(
            "sluice_last_run_step_rows_quarantined",
            "Rows it quarantined",
            stepLabels,
            step.quarantined());
        out.add("sluice_last_run_step_rows_dropped", "Rows it dropped", stepLabels, step.dropped());
        out.add(
            "sluice_last_run_step_seconds",
            "How long it took",
            stepLabels,
            step.endedAt().map(end -> Duration.between(step.startedAt(), end).toMillis()).orElse(0L)
                / 1000.0);
        out.add(
            "sluice_last_run_step_failed",
            "1 when the step failed",
            stepLabels,
            step.status() == RunStatus.FAILED ? 1 : 0);
      }
    }
    return out.toString();
  }

  private static String name(RunStatus status) {
    return status.name().toLowerCase(Locale.ROOT);
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  /** Gauge families, each with its HELP and TYPE once, samples in the order added. */
  private static final class Families {
    private final Map<String, StringBuilder> samples = new LinkedHashMap<>();
    private final Map<String, String> help = new LinkedHashMap<>();

    void add(String name, String description, String labels, long value) {
      sample(name, description, labels, Long.toString(value));
    }

    void add(String name, String description, String labels, double value) {
      sample(name, description, labels, format(value));
    }

    private void sample(String name, String description, String labels, String value) {
      help.putIfAbsent(name, description);
      samples
          .computeIfAbsent(name, n -> new StringBuilder())
          .append(name)
          .append('{')
          .append(labels)
          .append("} ")
          .append(value)
          .append('\n');
    }

    private static String format(double value) {
      return value == Math.rint(value) && Math.abs(value) < 1e15
          ? Long.toString((long) value)
          : Double.toString(value);
    }

    @Override
    public String toString() {
      StringBuilder text = new StringBuilder();
      for (Map.Entry<String, StringBuilder> family : samples.entrySet()) {
        text.append("# HELP ")
            .append(family.getKey())
            .append(' ')
            .append(help.get(family.getKey()))
            .append('\n')
            .append("# TYPE ")
            .append(family.getKey())
            .append(" gauge\n")
            .append(family.getValue());
      }
      return text.toString();
    }
  }
}
