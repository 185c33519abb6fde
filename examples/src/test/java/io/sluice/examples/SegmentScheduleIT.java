package io.sluice.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.cli.Main;
import io.sluice.core.store.JdbcRunStore;
import io.sluice.core.store.RunStatus;
import io.sluice.testing.RepositoryFiles;
import io.sluice.testing.TestingConsole;
import io.sluice.testing.TestingPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The segment-warehouse example on its schedule: with catch-up on and the clock at 2024-07-08, the
 * scheduler runs the seven days 2024-07-01..07 in order, each with its sensor, generated archive,
 * Redshift SQL, load and reconciliation; every date succeeds once.
 */
class SegmentScheduleIT {
  @TempDir Path work;

  @Test
  void sevenGeneratedDaysRunOnTheScheduleWithSensorAndReconciliation() throws Exception {
    Path pipeline = work.resolve("pipeline.yaml");
    Files.writeString(
        pipeline,
        Files.readString(RepositoryFiles.resolve("examples/segment-warehouse/pipeline.yaml"))
            .replace("  catchup: false", "  catchup: true #"));
    {
      String warehouse = TestingPostgres.newDatabase("warehouse");
      String runs = "jdbc:h2:file:" + work.resolve("runs");
      TestingConsole.Captured<Integer> scheduler =
          TestingConsole.capture(
              () ->
                  Main.execute(
                      "scheduler",
                      pipeline.toString(),
                      "--once",
                      "--now",
                      "2024-07-08T00:00:00Z",
                      "--run-store",
                      "jdbc:h2:file:" + work.resolve("lock"),
                      "--pipeline-run-store",
                      runs,
                      "--lake",
                      work.resolve("lake").toString(),
                      "--param",
                      "archive=" + work.resolve("segment-logs"),
                      "--param",
                      "events_per_day=3000",
                      "--param",
                      "warehouse=" + warehouse));
      String out = scheduler.out() + scheduler.err();
      assertThat(scheduler.result()).as(out).isEqualTo(Main.OK);
      assertThat(out).contains("Scheduler: 7 run(s)");
      for (int day = 1; day <= 7; day++) {
        assertThat(out)
            .containsPattern("== segment-warehouse 2024-07-0" + day + ": run \\S+ succeeded");
      }
      assertThat(
              out.lines()
                  .filter(
                      l -> l.contains("a file matching") && l.contains("ready after 1 check(s)"))
                  .count())
          .isEqualTo(7);
      assertThat(
              out.lines().filter(l -> l.contains("reconciled with bronze.segment_events")).count())
          .isEqualTo(7);
      assertThat(out.lines().filter(l -> l.contains("reconciled with analytics.dw_events")).count())
          .isEqualTo(7);
      try (JdbcRunStore store = JdbcRunStore.open(runs)) {
        assertThat(store.dates("segment-warehouse"))
            .as(out)
            .hasSize(7)
            .allMatch(d -> d.status() == RunStatus.SUCCEEDED);
      }
      try (Connection c = DriverManager.getConnection(warehouse);
          Statement s = c.createStatement();
          ResultSet r =
              s.executeQuery(
                  "SELECT count(DISTINCT ymd), min(ymd), count(*) FROM analytics.dw_events")) {
        r.next();
        // KST days: the UTC days 07-01..07 spread over 07-01..07-08 in KST
        assertThat(r.getInt(1)).isEqualTo(8);
        assertThat(r.getString(2)).isEqualTo("2024-07-01");
        assertThat(r.getLong(3)).isGreaterThan(20_000);
      }
      ConsoleShots.take(
          pipeline,
          new io.sluice.spec.LoadRequest(
              "local",
              java.util.Map.of(
                  "archive", work.resolve("segment-logs").toString(), "warehouse", warehouse),
              System::getenv),
          work.resolve("lake").toString(),
          runs,
          List.of(
              ConsoleShots.Shot.of(
                  "/pipelines/segment-warehouse/grid", "segment-grid.png", "td.cell.succeeded", 7),
              ConsoleShots.Shot.of(
                  "/pipelines/segment-warehouse/dashboards/activity",
                  "segment-dashboard.png",
                  "[data-drawn]",
                  4)));
    }
  }
}
