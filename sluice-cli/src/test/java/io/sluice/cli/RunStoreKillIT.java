package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.store.JdbcRunStore;
import io.sluice.core.store.RunRecord;
import io.sluice.core.store.RunStatus;
import io.sluice.core.store.StepRecord;
import io.sluice.testing.ChildJvm;
import io.sluice.testing.TestingConsole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of {@code sluice run} at random points of a run (from its record in the store to
 * its end; 20 with {@code -Dsluice.kill.points=20}, 3 in CI): the run store (an H2 file the killed
 * process was serving to others) opens every time, the killed run is INTERRUPTED with its running
 * steps (never left RUNNING), and a run after the kills succeeds with the same gold table.
 */
class RunStoreKillIT {
  /** 20 in the documented full run; CI kills at 3 to keep the suite inside its budget. */
  private static final int KILLS = Integer.getInteger("sluice.kill.points", 3);

  @TempDir Path work;

  @Test
  void theRunStoreSurvivesKill9AtTwentyRandomPointsAndMarksTheRunsInterrupted() throws Exception {
    Path pipeline = work.resolve("pipeline.yaml");
    Files.writeString(
        pipeline,
        String.join(
            "\n",
            "pipeline: killed",
            "lake: " + work.resolve("lake"),
            "run_store: jdbc:h2:file:" + work.resolve("runs"),
            "spark: { master: 'local[1]' }",
            "datasets:",
            "  bronze.numbers: { sql: \"SELECT id, id % 7 AS k FROM range(300000)\" }",
            "  silver.numbers:",
            "    sql: \"SELECT id, k, id * 2 AS twice FROM bronze.numbers WHERE id % 3 <> 0\"",
            "  gold.by_k:",
            "    sql: \"SELECT k, count(*) AS n, sum(twice) AS s FROM silver.numbers GROUP BY k\"",
            ""));
    String store = "jdbc:h2:file:" + work.resolve("runs");
    long[] phases = runToTheEnd(pipeline, store, "first");
    long inRunMillis = phases[1];
    String gold = gold(pipeline);
    assertThat(gold).contains("0,28572,8571771432");

    Random random = new Random(20261206L);
    int interrupted = 0;
    List<Long> points = new ArrayList<>();
    for (int kill = 0; kill < KILLS; kill++) {
      int runsBefore = runs(store).size();
      Path log = work.resolve("killed-" + kill + ".log");
      Process run = ChildJvm.start(work, Main.class.getName(), args(pipeline), Map.of(), log);
      awaitRunRecord(run, store, runsBefore, log);
      long at = (long) (random.nextDouble() * inRunMillis);
      points.add(at);
      // not a wait for anything: the random point of the run where it is killed
      boolean ended = run.waitFor(at, TimeUnit.MILLISECONDS);
      run.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
      assertThat(run.waitFor(1, TimeUnit.MINUTES)).isTrue();
      // the store opens after every kill, and nothing of a dead process is left RUNNING
      List<RunRecord> runs = runs(store);
      assertThat(runs).hasSize(runsBefore + 1).noneMatch(r -> r.status() == RunStatus.RUNNING);
      RunRecord newest = runs.get(0);
      assertThat(newest.status())
          .as("kill %d at %d ms: %s", kill, at, Files.readString(log))
          .isIn(ended ? RunStatus.SUCCEEDED : RunStatus.INTERRUPTED, RunStatus.SUCCEEDED);
      if (newest.status() == RunStatus.INTERRUPTED) {
        interrupted++;
        assertThat(newest.error().orElse("")).contains("Run interrupted").contains("killed");
        try (JdbcRunStore opened = JdbcRunStore.open(store)) {
          assertThat(opened.steps(newest.runId()))
              .extracting(StepRecord::status)
              .doesNotContain(RunStatus.RUNNING);
        }
      }
    }
    System.out.printf(
        "full run %d ms, %d ms of it recorded; kills at %s ms after the record; %d interrupted%n",
        phases[0], inRunMillis, points, interrupted);
    // a kill lands before the run's end unless the machine raced through it
    assertThat(interrupted).isPositive();

    runToTheEnd(pipeline, store, "after");
    assertThat(gold(pipeline)).isEqualTo(gold);
    assertThat(runs(store).get(0).status()).isEqualTo(RunStatus.SUCCEEDED);
  }

  /** Runs to the end; returns the whole time and the time from the run's record to the end. */
  private long[] runToTheEnd(Path pipeline, String store, String name) throws Exception {
    Path log = work.resolve(name + ".log");
    long started = System.nanoTime();
    int before = runs(store).size();
    Process run = ChildJvm.start(work, Main.class.getName(), args(pipeline), Map.of(), log);
    long recorded = awaitRunRecord(run, store, before, log);
    assertThat(run.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(run.exitValue()).as(Files.readString(log)).isZero();
    long ended = System.nanoTime();
    return new long[] {
      TimeUnit.NANOSECONDS.toMillis(ended - started),
      TimeUnit.NANOSECONDS.toMillis(ended - recorded)
    };
  }

  /**
   * Waits until the child has opened the store (its lock file: the child serves the file, so a kill
   * leaves it to be recovered) and recorded a new run; returns when (System.nanoTime()).
   */
  private long awaitRunRecord(Process run, String store, int before, Path log) throws Exception {
    Path lock = work.resolve("runs.lock.db");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (!Files.exists(lock) || count(store) <= before) {
      if (!run.isAlive()) {
        return System.nanoTime(); // it ended already: the caller sees how
      }
      assertThat(System.nanoTime()).as(Files.readString(log)).isLessThan(deadline);
      Thread.sleep(20); // polling the store for the run's record
    }
    return System.nanoTime();
  }

  private static int count(String store) throws java.sql.SQLException {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(store + ";AUTO_SERVER=TRUE");
        java.sql.Statement s = c.createStatement();
        java.sql.ResultSet r =
            s.executeQuery(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = 'SLUICE_RUNS'")) {
      r.next();
      if (r.getInt(1) == 0) {
        return 0;
      }
      try (java.sql.ResultSet runs = s.executeQuery("SELECT count(*) FROM sluice_runs")) {
        runs.next();
        return runs.getInt(1);
      }
    }
  }

  private static List<String> args(Path pipeline) {
    return List.of("run", pipeline.toString());
  }

  private static List<RunRecord> runs(String store) {
    try (JdbcRunStore opened = JdbcRunStore.open(store)) {
      return opened.recentRuns("killed", 1000);
    }
  }

  private static String gold(Path pipeline) throws Exception {
    TestingConsole.Captured<Integer> rows =
        TestingConsole.capture(
            () ->
                Main.execute(
                    "sql",
                    pipeline.toString(),
                    "SELECT k, n, s FROM gold.by_k ORDER BY k",
                    "--format",
                    "csv"));
    assertThat(rows.result()).as(rows.err()).isZero();
    return rows.out();
  }
}
