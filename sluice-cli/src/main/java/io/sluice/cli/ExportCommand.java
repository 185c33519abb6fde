package io.sluice.cli;

import io.sluice.core.plan.Plan;
import io.sluice.core.plan.PlannedDataset;
import io.sluice.core.plan.PlannedSink;
import io.sluice.spec.ScheduleSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sluice export airflow FILE [-o PATH]}: an Airflow DAG that runs the pipeline's steps. */
@Command(
    name = "export",
    description = "Export a pipeline for another orchestrator.",
    subcommands = {ExportCommand.Airflow.class, ExportK8sCommand.class})
final class ExportCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /**
   * The DAG: one BashOperator per step (dataset or sink) running {@code sluice run --step} for the
   * run's data interval, the dependencies of the plan, and the schedule (cron, time zone, start
   * date, catch-up, max active runs) carried over.
   */
  @Command(
      name = "airflow",
      description =
          "Print an Airflow DAG file that runs the pipeline's steps through Sluice (one task per"
              + " step, the plan's dependencies, the schedule).")
  static final class Airflow implements Callable<Integer> {
    @Mixin PipelineOptions options;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "PATH",
        description = "Write the DAG to PATH instead of printing it.")
    Path output;

    @Option(
        names = "--sluice",
        paramLabel = "COMMAND",
        description = "How Airflow's workers start Sluice (default: ${DEFAULT-VALUE}).")
    String sluice = "sluice";

    @Option(
        names = "--retries",
        paramLabel = "N",
        description = "Retries of each task (default: ${DEFAULT-VALUE}).")
    int retries = 2;

    @Override
    public Integer call() throws IOException {
      Plan plan = options.plan();
      String dag = dag(plan, options.file.toString(), sluice, retries, options.profile);
      if (output == null) {
        System.out.print(dag);
      } else {
        Files.writeString(output, io.sluice.spi.Redaction.scrub(dag), StandardCharsets.UTF_8);
        System.out.println("Wrote the Airflow DAG of " + plan.spec().name() + " to " + output);
      }
      return Main.OK;
    }
  }

  /** The DAG file's text. */
  static String dag(Plan plan, String file, String sluice, int retries, String profile) {
    StringBuilder py = new StringBuilder();
    String id = plan.spec().name();
    py.append("# Airflow DAG for the Sluice pipeline '")
        .append(id)
        .append("', exported by `sluice export airflow ")
        .append(file)
        .append(
            "`.\n# Each task runs one step of the pipeline through Sluice for the DAG run's data")
        .append(
            " interval;\n# re-export after changing the pipeline file instead of editing this.\n")
        .append("from datetime import timedelta\n\n")
        .append("import pendulum\n")
        .append("from airflow import DAG\n")
        .append("from airflow.operators.bash import BashOperator\n\n")
        .append("SLUICE = ")
        .append(python(sluice))
        .append("\nPIPELINE = ")
        .append(python(file))
        .append("\nRUN = SLUICE + \" run \" + PIPELINE + \" --profile ")
        .append(profile)
        .append(" --date '{{ data_interval_start.isoformat() }}' --step \"\n\n");
    Optional<ScheduleSpec> schedule = plan.spec().schedule();
    py.append("with DAG(\n")
        .append("    dag_id=")
        .append(python(id))
        .append(",\n    description=")
        .append(python(plan.spec().description()))
        .append(",\n");
    if (schedule.isPresent()) {
      ScheduleSpec s = schedule.get();
      py.append("    schedule=")
          .append(python(s.cron()))
          .append(",\n    start_date=pendulum.datetime(")
          .append(s.startDate().getYear())
          .append(", ")
          .append(s.startDate().getMonthValue())
          .append(", ")
          .append(s.startDate().getDayOfMonth())
          .append(", tz=")
          .append(python(s.timezone().getId()))
          .append("),\n");
      s.endDate()
          .ifPresent(
              end ->
                  py.append("    end_date=pendulum.datetime(")
                      .append(end.getYear())
                      .append(", ")
                      .append(end.getMonthValue())
                      .append(", ")
                      .append(end.getDayOfMonth())
                      .append(", tz=")
                      .append(python(s.timezone().getId()))
                      .append("),\n"));
      py.append("    catchup=")
          .append(s.catchup() ? "True" : "False")
          .append(",\n    max_active_runs=")
          .append(s.maxActiveRuns())
          .append(",\n");
    } else {
      py.append("    schedule=None,  # the pipeline file has no schedule: trigger it by hand\n")
          .append("    start_date=pendulum.datetime(2024, 1, 1, tz=\"UTC\"),\n")
          .append("    catchup=False,\n");
    }
    py.append("    default_args={\"retries\": ")
        .append(retries)
        .append(", \"retry_delay\": timedelta(minutes=5)},\n")
        .append("    tags=[\"sluice\"],\n")
        .append(") as dag:\n");
    List<String> edges = new ArrayList<>();
    for (PlannedDataset dataset : plan.datasets()) {
      task(py, dataset.name(), "dataset");
      for (String upstream : dataset.upstream()) {
        edges.add(variable(upstream) + " >> " + variable(dataset.name()));
      }
    }
    for (PlannedSink sink : plan.sinks()) {
      task(py, sink.spec().name(), "sink");
      edges.add(
          variable(
                  plan.dataset(sink.spec().from())
                      .map(PlannedDataset::name)
                      .orElse(sink.spec().from()))
              + " >> "
              + variable(sink.spec().name()));
    }
    if (!edges.isEmpty()) {
      py.append("\n");
      edges.forEach(edge -> py.append("    ").append(edge).append("\n"));
    }
    return py.toString();
  }

  private static void task(StringBuilder py, String step, String kind) {
    py.append("    ")
        .append(variable(step))
        .append(" = BashOperator(task_id=")
        .append(python(step))
        .append(", bash_command=RUN + ")
        .append(python(step))
        .append(")  # ")
        .append(kind)
        .append("\n");
  }

  /** A Python identifier for a step name. */
  private static String variable(String step) {
    String name = step.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    return Character.isDigit(name.charAt(0)) ? "step_" + name : name;
  }

  /** A Python string literal. */
  private static String python(String text) {
    return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ") + '"';
  }
}
