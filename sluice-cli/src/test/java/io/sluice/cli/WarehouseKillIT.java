package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.ChildJvm;
import io.sluice.testing.TestingPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of {@code sluice run} in the middle of a warehouse overwrite (its rows going into
 * the staging table in a transaction not yet committed): the target table still holds the previous
 * load, whole; the next run loads the new one and leaves no staging table behind.
 */
class WarehouseKillIT {
  private static final long ROWS = 300_000;
  @TempDir Path work;

  @Test
  void anOverwriteKilledMidwayLeavesTheTargetAsItWasAndTheNextRunCleansUp() throws Exception {
    String url = TestingPostgres.newDatabase("warehouse_kill");
    Path pipeline = work.resolve("pipeline.yaml");
    Files.writeString(
        pipeline,
        String.join(
            "\n",
            "pipeline: warehouse-kill",
            "lake: " + work.resolve("lake"),
            "run_store: jdbc:h2:file:" + work.resolve("runs"),
            "spark: { master: 'local[1]' }",
            "parameters: { factor: 1 }",
            "datasets:",
            "  gold.numbers:",
            "    sql: \"SELECT id, id * ${factor} AS v, repeat('x', 40) AS pad FROM range("
                + ROWS
                + ")\"",
            "sinks:",
            "  warehouse:",
            "    type: jdbc",
            "    from: gold.numbers",
            "    url: '" + url + "'",
            "    table: mart.numbers",
            "    mode: overwrite",
            "    batch_size: 500",
            "    parallelism: 1",
            ""));
    run(pipeline, "1", "first");
    assertThat(target(url)).isEqualTo(List.of(ROWS, sum(1)));

    // the second load, with other values, killed while its rows go into the staging table
    Path log = work.resolve("killed.log");
    Process killed = ChildJvm.start(work, Main.class.getName(), args(pipeline, "2"), Map.of(), log);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (!loading(url)) {
      assertThat(killed.isAlive()).as(Files.readString(log)).isTrue();
      assertThat(System.nanoTime()).as(Files.readString(log)).isLessThan(deadline);
      Thread.sleep(20); // polling PostgreSQL for the load, not assuming when it starts
    }
    long staged = stagedRows(url);
    killed.destroyForcibly();
    assertThat(killed.waitFor(1, TimeUnit.MINUTES)).isTrue();
    System.out.printf("killed while loading, %,d of %,d rows committed to staging%n", staged, ROWS);
    assertThat(Files.readString(log)).doesNotContain("succeeded");
    assertThat(target(url)).as("the target after the kill").isEqualTo(List.of(ROWS, sum(1)));
    assertThat(tables(url)).contains("numbers__sluice_staging"); // what the dead load left

    run(pipeline, "3", "after");
    assertThat(target(url)).isEqualTo(List.of(ROWS, sum(3)));
    assertThat(tables(url)).containsExactly("numbers");
  }

  private static long sum(long factor) {
    return factor * ROWS * (ROWS - 1) / 2;
  }

  private void run(Path pipeline, String factor, String name) throws Exception {
    Path log = work.resolve(name + ".log");
    Process run = ChildJvm.start(work, Main.class.getName(), args(pipeline, factor), Map.of(), log);
    assertThat(run.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(run.exitValue()).as(Files.readString(log)).isZero();
  }

  private static List<String> args(Path pipeline, String factor) {
    return List.of("run", pipeline.toString(), "--param", "factor=" + factor);
  }

  /** The target's row count and sum of v. */
  private static List<Long> target(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*), sum(v) FROM mart.numbers")) {
      r.next();
      return List.of(r.getLong(1), r.getLong(2));
    }
  }

  /** Whether a backend is loading the staging table (COPY or INSERT, not yet committed). */
  private static boolean loading(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND (query LIKE 'COPY mart.numbers__sluice_staging%'"
                    + " OR query LIKE 'INSERT INTO mart.numbers__sluice_staging%')"
                    + " AND state IN ('active', 'idle in transaction')")) {
      r.next();
      return r.getLong(1) > 0;
    }
  }

  private static long stagedRows(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      try (ResultSet exists =
          s.executeQuery("SELECT to_regclass('mart.numbers__sluice_staging') IS NOT NULL")) {
        exists.next();
        if (!exists.getBoolean(1)) {
          return 0;
        }
      }
      try (ResultSet r = s.executeQuery("SELECT count(*) FROM mart.numbers__sluice_staging")) {
        r.next();
        return r.getLong(1);
      } catch (SQLException e) {
        return 0; // swapped in or dropped between the two statements
      }
    }
  }

  private static List<String> tables(String url) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'mart' ORDER BY tablename")) {
      while (r.next()) {
        names.add(r.getString(1));
      }
    }
    return names;
  }
}
