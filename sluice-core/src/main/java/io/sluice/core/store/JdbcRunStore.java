package io.sluice.core.store;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@link RunStore} in any JDBC database that speaks standard SQL: an embedded H2 file by default,
 * PostgreSQL when a {@code jdbc:postgresql:} URL is configured. The schema is created on first use.
 */
public final class JdbcRunStore implements RunStore {
  private static final List<String> SCHEMA =
      List.of(
          "CREATE TABLE IF NOT EXISTS sluice_runs (run_id VARCHAR(64) PRIMARY KEY, pipeline VARCHAR(200) NOT NULL,"
              + " profile VARCHAR(100) NOT NULL, status VARCHAR(20) NOT NULL, started_at TIMESTAMP NOT NULL,"
              + " ended_at TIMESTAMP, parameters VARCHAR(100000), error VARCHAR(100000))",
          "CREATE TABLE IF NOT EXISTS sluice_steps (run_id VARCHAR(64) NOT NULL, step VARCHAR(300) NOT NULL,"
              + " kind VARCHAR(20) NOT NULL, status VARCHAR(20) NOT NULL, started_at TIMESTAMP NOT NULL,"
              + " ended_at TIMESTAMP, rows_in BIGINT NOT NULL, rows_out BIGINT NOT NULL, quarantined BIGINT NOT NULL,"
              + " dropped BIGINT NOT NULL, warned BIGINT NOT NULL, error VARCHAR(100000), PRIMARY KEY (run_id, step))",
          "CREATE TABLE IF NOT EXISTS sluice_checks (run_id VARCHAR(64) NOT NULL, step VARCHAR(300) NOT NULL,"
              + " check_name VARCHAR(300) NOT NULL, on_fail VARCHAR(20) NOT NULL, failed_rows BIGINT NOT NULL,"
              + " PRIMARY KEY (run_id, step, check_name))",
          "CREATE TABLE IF NOT EXISTS sluice_dates (pipeline VARCHAR(200) NOT NULL, logical_date VARCHAR(64) NOT NULL,"
              + " run_id VARCHAR(64) NOT NULL, status VARCHAR(20) NOT NULL, updated_at TIMESTAMP NOT NULL,"
              + " PRIMARY KEY (pipeline, logical_date))");

  private final Connection connection;

  private JdbcRunStore(Connection connection) {
    this.connection = connection;
  }

  /** Opens (and creates, if needed) the store at {@code url}. */
  public static JdbcRunStore open(String configuredUrl) {
    String url = absoluteH2(configuredUrl);
    try {
      if (url.startsWith("jdbc:h2:file:")) {
        String path = url.substring("jdbc:h2:file:".length()).split(";", 2)[0];
        Path parent = Path.of(path).toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
      }
      Connection connection = DriverManager.getConnection(url);
      connection.setAutoCommit(true);
      try (Statement statement = connection.createStatement()) {
        for (String ddl : SCHEMA) {
          statement.execute(ddl);
        }
      }
      return new JdbcRunStore(connection);
    } catch (SQLException | java.io.IOException e) {
      throw new SluiceException(
          ErrorCode.RUN_FAILED,
          "Cannot open the run store at " + masked(configuredUrl) + ": " + e.getMessage(),
          e);
    }
  }

  /** H2 refuses paths that are implicitly relative; resolve them against the working directory. */
  public static String absoluteH2(String url) {
    String prefix = "jdbc:h2:file:";
    if (!url.startsWith(prefix)) {
      return url;
    }
    String[] parts = url.substring(prefix.length()).split(";", 2);
    if (parts[0].startsWith("~")) {
      return url;
    }
    String path = Path.of(parts[0]).toAbsolutePath().normalize().toString();
    return prefix + path + (parts.length > 1 ? ";" + parts[1] : "");
  }

  /** The URL with any password parameter masked. */
  public static String masked(String url) {
    return url.replaceAll("(?i)(password=)[^;&]*", "$1****");
  }

  @Override
  public synchronized void startRun(RunRecord run) {
    update(
        "INSERT INTO sluice_runs (run_id, pipeline, profile, status, started_at, ended_at, parameters, error)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        run.runId(),
        run.pipeline(),
        run.profile(),
        run.status().name(),
        ts(run.startedAt()),
        run.endedAt().map(JdbcRunStore::ts).orElse(null),
        run.parameters(),
        run.error().orElse(null));
  }

  @Override
  public synchronized void finishRun(RunRecord run) {
    update(
        "UPDATE sluice_runs SET status = ?, ended_at = ?, error = ? WHERE run_id = ?",
        run.status().name(),
        run.endedAt().map(JdbcRunStore::ts).orElse(null),
        run.error().orElse(null),
        run.runId());
  }

  @Override
  public synchronized void recordStep(StepRecord step) {
    update("DELETE FROM sluice_steps WHERE run_id = ? AND step = ?", step.runId(), step.step());
    update(
        "INSERT INTO sluice_steps (run_id, step, kind, status, started_at, ended_at, rows_in, rows_out, quarantined,"
            + " dropped, warned, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        step.runId(),
        step.step(),
        step.kind(),
        step.status().name(),
        ts(step.startedAt()),
        step.endedAt().map(JdbcRunStore::ts).orElse(null),
        step.rowsIn(),
        step.rowsOut(),
        step.quarantined(),
        step.dropped(),
        step.warned(),
        step.error().orElse(null));
  }

  @Override
  public synchronized void recordCheck(CheckRecord check) {
    update(
        "DELETE FROM sluice_checks WHERE run_id = ? AND step = ? AND check_name = ?",
        check.runId(),
        check.step(),
        check.checkName());
    update(
        "INSERT INTO sluice_checks (run_id, step, check_name, on_fail, failed_rows) VALUES (?, ?, ?, ?, ?)",
        check.runId(),
        check.step(),
        check.checkName(),
        check.onFail(),
        check.failedRows());
  }

  @Override
  public synchronized List<RunRecord> recentRuns(String pipeline, int limit) {
    String sql =
        "SELECT run_id, pipeline, profile, status, started_at, ended_at, parameters, error FROM sluice_runs"
            + (pipeline == null ? "" : " WHERE pipeline = ?")
            + " ORDER BY started_at DESC, run_id DESC";
    List<RunRecord> runs = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setMaxRows(limit);
      if (pipeline != null) {
        statement.setString(1, pipeline);
      }
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          runs.add(
              new RunRecord(
                  rows.getString(1),
                  rows.getString(2),
                  rows.getString(3),
                  RunStatus.valueOf(rows.getString(4)),
                  rows.getTimestamp(5).toInstant(),
                  Optional.ofNullable(rows.getTimestamp(6)).map(Timestamp::toInstant),
                  Optional.ofNullable(rows.getString(7)).orElse(""),
                  Optional.ofNullable(rows.getString(8))));
        }
      }
    } catch (SQLException e) {
      throw failure("read runs", e);
    }
    return runs;
  }

  @Override
  public synchronized List<StepRecord> steps(String runId) {
    List<StepRecord> steps = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT run_id, step, kind, status, started_at, ended_at, rows_in, rows_out, quarantined, dropped, warned,"
                + " error FROM sluice_steps WHERE run_id = ? ORDER BY started_at, step")) {
      statement.setString(1, runId);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          steps.add(
              new StepRecord(
                  rows.getString(1),
                  rows.getString(2),
                  rows.getString(3),
                  RunStatus.valueOf(rows.getString(4)),
                  rows.getTimestamp(5).toInstant(),
                  Optional.ofNullable(rows.getTimestamp(6)).map(Timestamp::toInstant),
                  rows.getLong(7),
                  rows.getLong(8),
                  rows.getLong(9),
                  rows.getLong(10),
                  rows.getLong(11),
                  Optional.ofNullable(rows.getString(12))));
        }
      }
    } catch (SQLException e) {
      throw failure("read steps", e);
    }
    return steps;
  }

  @Override
  public synchronized List<CheckRecord> checks(String runId) {
    List<CheckRecord> checks = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT run_id, step, check_name, on_fail, failed_rows FROM sluice_checks WHERE run_id = ? ORDER BY step, check_name")) {
      statement.setString(1, runId);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          checks.add(
              new CheckRecord(
                  rows.getString(1),
                  rows.getString(2),
                  rows.getString(3),
                  rows.getString(4),
                  rows.getLong(5)));
        }
      }
    } catch (SQLException e) {
      throw failure("read checks", e);
    }
    return checks;
  }

  /** The run of {@code pipeline} for {@code logicalDate}, if one was claimed. */
  public synchronized java.util.Optional<DateRecord> date(String pipeline, String logicalDate) {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT run_id, status, updated_at FROM sluice_dates WHERE pipeline = ? AND"
                + " logical_date = ?")) {
      statement.setString(1, pipeline);
      statement.setString(2, logicalDate);
      try (ResultSet result = statement.executeQuery()) {
        if (!result.next()) {
          return java.util.Optional.empty();
        }
        return java.util.Optional.of(
            new DateRecord(
                pipeline,
                logicalDate,
                result.getString(1),
                RunStatus.valueOf(result.getString(2)),
                result.getTimestamp(3).toInstant()));
      }
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  /** Every date record of {@code pipeline}, by logical date. */
  public synchronized List<DateRecord> dates(String pipeline) {
    List<DateRecord> dates = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT logical_date, run_id, status, updated_at FROM sluice_dates WHERE pipeline = ?"
                + " ORDER BY logical_date")) {
      statement.setString(1, pipeline);
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          dates.add(
              new DateRecord(
                  pipeline,
                  result.getString(1),
                  result.getString(2),
                  RunStatus.valueOf(result.getString(3)),
                  result.getTimestamp(4).toInstant()));
        }
      }
    } catch (SQLException e) {
      throw failure("read", e);
    }
    return dates;
  }

  /**
   * Claims {@code logicalDate} of {@code pipeline} for {@code runId}: true when nobody ran it, or
   * its last run failed or was interrupted (or {@code again} asks to re-run a success); false while
   * another run holds it or it succeeded. One transaction, so two claimers never both win.
   */
  public synchronized boolean claimDate(
      String pipeline, String logicalDate, String runId, boolean again) {
    try {
      connection.setAutoCommit(false);
      try {
        java.util.Optional<DateRecord> existing = date(pipeline, logicalDate);
        boolean claimed;
        if (existing.isEmpty()) {
          update(
              "INSERT INTO sluice_dates (pipeline, logical_date, run_id, status, updated_at)"
                  + " VALUES (?, ?, ?, ?, ?)",
              pipeline,
              logicalDate,
              runId,
              RunStatus.RUNNING.name(),
              ts(Instant.now()));
          claimed = true;
        } else if (existing.get().status() == RunStatus.RUNNING
            || (existing.get().status() == RunStatus.SUCCEEDED && !again)) {
          claimed = false;
        } else {
          update(
              "UPDATE sluice_dates SET run_id = ?, status = ?, updated_at = ? WHERE pipeline = ?"
                  + " AND logical_date = ?",
              runId,
              RunStatus.RUNNING.name(),
              ts(Instant.now()),
              pipeline,
              logicalDate);
          claimed = true;
        }
        connection.commit();
        return claimed;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        Throwable cause = e instanceof SQLException ? e : e.getCause();
        if (cause instanceof SQLException sql
            && sql.getSQLState() != null
            && sql.getSQLState().startsWith("23")) {
          return false; // another claimer inserted the same date first
        }
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failure("claim a date", e);
    }
  }

  /** Records how the run of a claimed date ended. */
  public synchronized void finishDate(
      String pipeline, String logicalDate, String runId, RunStatus status) {
    update(
        "UPDATE sluice_dates SET run_id = ?, status = ?, updated_at = ? WHERE pipeline = ? AND"
            + " logical_date = ?",
        runId,
        status.name(),
        ts(Instant.now()),
        pipeline,
        logicalDate);
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw failure("close", e);
    }
  }

  private void update(String sql, Object... values) {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        statement.setObject(i + 1, values[i]);
      }
      statement.executeUpdate();
    } catch (SQLException e) {
      throw failure("write", e);
    }
  }

  private static Timestamp ts(Instant instant) {
    return Timestamp.from(instant);
  }

  private static SluiceException failure(String action, SQLException e) {
    return new SluiceException(
        ErrorCode.RUN_FAILED, "Cannot " + action + " in the run store: " + e.getMessage(), e);
  }
}
