package io.sluice.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.cli.Main;
import io.sluice.testing.RepositoryFiles;
import io.sluice.testing.TestingConsole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `sluice export airflow` on the segment-warehouse example: a DAG with its schedule and steps. */
class AirflowExportTest {
  @TempDir Path work;

  @Test
  void theSegmentPipelineBecomesADagWithOneTaskPerStep() throws Exception {
    Path dag = work.resolve("segment_warehouse.py");
    TestingConsole.Captured<Integer> export =
        TestingConsole.capture(
            () ->
                Main.execute(
                    "export",
                    "airflow",
                    RepositoryFiles.resolve("examples/segment-warehouse/pipeline.yaml").toString(),
                    "--sluice",
                    "/opt/sluice/sluice",
                    "-o",
                    dag.toString()));
    assertThat(export.result()).as(export.out() + export.err()).isEqualTo(Main.OK);
    String text = Files.readString(dag);
    assertThat(text)
        .contains("dag_id=\"segment-warehouse\"")
        .contains("schedule=\"30 1 * * *\"")
        .contains("start_date=pendulum.datetime(2024, 7, 1, tz=\"Asia/Seoul\")")
        .contains("catchup=False")
        .contains("max_active_runs=1")
        .contains("\"retries\": 2")
        .contains("SLUICE = \"/opt/sluice/sluice\"")
        .contains("--date '{{ data_interval_start.isoformat() }}' --step")
        .contains(
            "bronze_segment_events = BashOperator(task_id=\"bronze.segment_events\","
                + " bash_command=RUN + \"bronze.segment_events\")")
        .contains("bronze_segment_events >> silver_dw_events_day")
        .contains("silver_dw_events_day >> silver_dw_events")
        .contains("silver_dw_events >> gold_sessions")
        .contains("gold_sessions >> gold_daily_metrics")
        .contains("silver_dw_events >> dw_events_to_warehouse")
        .contains("gold_daily_metrics >> metrics_to_warehouse");
    // 5 datasets and 3 sinks
    assertThat(text.lines().filter(l -> l.contains("BashOperator(task_id=")).count()).isEqualTo(8);
    // the file is valid Python where a python3 is installed
    if (Files.isExecutable(Path.of("/usr/bin/python3"))) {
      Process parse =
          new ProcessBuilder(
                  "/usr/bin/python3",
                  "-c",
                  "import ast,sys; ast.parse(open(sys.argv[1]).read())",
                  dag.toString())
              .redirectErrorStream(true)
              .start();
      assertThat(parse.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String said =
          new String(
              parse.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(parse.exitValue()).as(said).isZero();
    }
  }
}
