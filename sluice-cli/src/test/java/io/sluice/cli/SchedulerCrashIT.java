package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.store.DateRecord;
import io.sluice.core.store.JdbcRunStore;
import io.sluice.core.store.RunRecord;
import io.sluice.core.store.RunStatus;
import io.sluice.testing.ChildJvm;
import io.sluice.testing.TestingConsole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler is killed (-9) while a run waits in its sensor; a second scheduler is refused while
 * the dead one's lock is fresh, takes it over once stale, marks the interrupted run, and runs every
 * due date: exactly one successful run and one row per logical date.
 */
class SchedulerCrashIT {
  @TempDir Path work;

  @Test
  void aKilledSchedulerNeitherLosesNorDuplicatesARun() throws Exception {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    LocalDate first = today.minusDays(3);
    Path inbox = Files.createDirectories(work.resolve("inbox"));
    Path pipeline = work.resolve("pipeline.yaml");
    Files.writeString(
        pipeline,
        String.join(
            "\n",
            "pipeline: crashy",
            "schedule: { cron: '0 0 * * *', timezone: UTC, start_date: '"
                + first
                + "', catchup: true }",
            "sensors:",
            "  marker: { type: path, path: '"
                + inbox
                + "/${ds_nodash}.ok', poke_interval: 1s, timeout: 300s }",
            "datasets:",
            "  gold.days: { mode: append, sql: \"SELECT '${ds}' AS ds\" }",
            ""));
    String lockStore = "jdbc:h2:file:" + work.resolve("lock");
    String runStore = "jdbc:h2:file:" + work.resolve("runs");
    String lake = work.resolve("lake").toString();

    Path firstLog = work.resolve("first.log");
    Process scheduler =
        ChildJvm.start(
            work,
            "io.sluice.cli.Main",
            args(pipeline, lockStore, runStore, lake, "first", false),
            Map.of(),
            firstLog);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!Files.readString(firstLog).contains("waiting for a file matching")) {
        assertThat(System.nanoTime()).as(Files.readString(firstLog)).isLessThan(deadline);
        assertThat(scheduler.isAlive()).as(Files.readString(firstLog)).isTrue();
        Thread.sleep(200);
      }
    } finally {
      scheduler.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9 mid-run
    }
    String killedLog = Files.readString(firstLog);
    assertThat(killedLog).contains("== crashy " + first + ": run ");

    // while the dead scheduler's heartbeat is fresh, another one is refused
    Path refusedLog = work.resolve("refused.log");
    Process refused =
        ChildJvm.start(
            work,
            "io.sluice.cli.Main",
            args(pipeline, lockStore, runStore, lake, "second", true),
            Map.of(),
            refusedLog);
    assertThat(refused.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(refused.exitValue()).isEqualTo(Main.RUN_FAILED);
    assertThat(Files.readString(refusedLog))
        .contains("another one holds the lock")
        .contains("first");

    for (int i = 0; i < 3; i++) {
      Files.writeString(inbox.resolve(first.plusDays(i).toString().replace("-", "") + ".ok"), "ok");
    }
    Thread.sleep(17_000); // the lock goes stale (--stale 15s)
    Path secondLog = work.resolve("second.log");
    Process second =
        ChildJvm.start(
            work,
            "io.sluice.cli.Main",
            args(pipeline, lockStore, runStore, lake, "second", true),
            Map.of(),
            secondLog);
    assertThat(second.waitFor(240, TimeUnit.SECONDS)).isTrue();
    String log = Files.readString(secondLog);
    assertThat(second.exitValue()).as(log).isEqualTo(Main.OK);
    assertThat(log).contains("Recovered crashy").contains("Scheduler: 3 run(s)");

    try (JdbcRunStore store = JdbcRunStore.open(runStore)) {
      List<DateRecord> dates = store.dates("crashy");
      assertThat(dates).hasSize(3).allMatch(d -> d.status() == RunStatus.SUCCEEDED);
      List<RunRecord> runs = store.recentRuns("crashy", 100);
      assertThat(runs.stream().filter(r -> r.status() == RunStatus.SUCCEEDED).count()).isEqualTo(3);
      assertThat(runs.stream().filter(r -> r.status() == RunStatus.INTERRUPTED).toList())
          .hasSize(1)
          .allMatch(r -> r.error().orElse("").contains("interrupted"));
      assertThat(runs).hasSize(4);
    }
    TestingConsole.Captured<Integer> rows =
        TestingConsole.capture(
            () ->
                Main.execute(
                    "sql",
                    pipeline.toString(),
                    "SELECT ds FROM gold.days ORDER BY ds",
                    "--format",
                    "csv",
                    "--lake",
                    lake));
    List<String> days =
        new ArrayList<>(rows.out().lines().filter(l -> l.matches("\\d{4}-\\d\\d-\\d\\d")).toList());
    assertThat(days)
        .containsExactly(
            first.toString(), first.plusDays(1).toString(), first.plusDays(2).toString());
  }

  private static List<String> args(
      Path pipeline, String lockStore, String runStore, String lake, String holder, boolean once) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "scheduler",
                pipeline.toString(),
                "--run-store",
                lockStore,
                "--pipeline-run-store",
                runStore,
                "--lake",
                lake,
                "--poll",
                "1s",
                "--stale",
                "15s",
                "--holder",
                holder));
    if (once) {
      args.add("--once");
    }
    return args;
  }
}
