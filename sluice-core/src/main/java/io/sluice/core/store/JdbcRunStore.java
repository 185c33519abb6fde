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
public final class JdbcRunStore implements RunStore, DateClaims, SchedulerLock {
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
              + " claimed_by VARCHAR(100) NOT NULL, PRIMARY KEY (pipeline, logical_date))",
          "ALTER TABLE sluice_checks ADD COLUMN IF NOT EXISTS detail VARCHAR(10000)",
          "CREATE INDEX IF NOT EXISTS sluice_runs_by_start ON sluice_runs (started_at)",
          "CREATE INDEX IF NOT EXISTS sluice_runs_by_pipeline ON sluice_runs (pipeline, started_at)",
          "CREATE TABLE IF NOT EXISTS sluice_scheduler (name VARCHAR(100) PRIMARY KEY, holder VARCHAR(200) NOT NULL,"
              + " heartbeat TIMESTAMP NOT NULL)",
          "CREATE TABLE IF NOT EXISTS sluice_log (run_id VARCHAR(64) NOT NULL, step VARCHAR(300) NOT NULL,"
              + " seq BIGINT NOT NULL, at TIMESTAMP NOT NULL, level VARCHAR(10) NOT NULL, text VARCHAR(4000) NOT NULL,"
              + " PRIMARY KEY (run_id, step, seq))",
          "ALTER TABLE sluice_runs ADD COLUMN IF NOT EXISTS owner VARCHAR(300)");

  private final Connection connection;
  private final boolean embeddedH2;
  private final JdbcModelRegistry models;

  private JdbcRunStore(Connection connection, boolean embeddedH2) {
    this.connection = connection;
    this.embeddedH2 = embeddedH2;
    this.models = new JdbcModelRegistry(connection, this);
  }

  @Override
  public ModelRegistry models() {
    return models;
  }

  static {
    // An embedded H2 store is shared by the processes that open it through H2's auto server,
    // which listens on this address only (the host name may resolve to another one).
    if (System.getProperty("h2.bindAddress") == null) {
      System.setProperty("h2.bindAddress", "127.0.0.1");
    }
  }

  /**
   * Opens (and creates, if needed) the store at {@code url}. An H2 file store is opened with {@code
   * AUTO_SERVER=TRUE} (unless the URL sets its own locking): the first process serves the file to
   * the others, so {@code sluice runs}, a console or a second run can read and write the store
   * while a run writes it, and a process that died leaves the file to the next one.
   */
  public static JdbcRunStore open(String configuredUrl) {
    Connection connection = connect(configuredUrl);
    try (Statement statement = connection.createStatement()) {
      for (String ddl : SCHEMA) {
        statement.execute(ddl);
      }
      for (String ddl : JdbcModelRegistry.SCHEMA) {
        statement.execute(ddl);
      }
      RunOwners.sweep(connection);
      return new JdbcRunStore(connection, embeddedH2(configuredUrl));
    } catch (SQLException e) {
      closeQuietly(connection);
      throw new SluiceException(
          ErrorCode.RUN_FAILED,
          "Cannot open the run store at " + masked(configuredUrl) + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * A connection (auto-commit) to the run store's database at {@code configuredUrl}, opened as
   * {@link #open} opens it: an H2 file made absolute, its folder created, shared between processes.
   * For other tables kept beside the runs (the ingest endpoint's idempotency keys).
   */
  public static Connection connect(String configuredUrl) {
    String url = RunStoreUrls.shared(RunStoreUrls.absoluteH2(configuredUrl));
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
      return connection;
    } catch (SQLException | java.io.IOException e) {
      throw new SluiceException(
          ErrorCode.RUN_FAILED,
          "Cannot open the run store at " + masked(configuredUrl) + ": " + e.getMessage(),
          e);
    }
  }

  /** Whether the store at {@code url} is an embedded H2 database. */
  public static boolean embeddedH2(String url) {
    return url.startsWith("jdbc:h2:");
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      // already failing: the first error is the one reported
    }
  }

  /** H2 refuses paths that are implicitly relative; resolve them against the working directory. */
  public static String absoluteH2(String url) {
    return RunStoreUrls.absoluteH2(url);
  }

  /** The URL with any password parameter masked. */
  public static String masked(String url) {
    return RunStoreUrls.masked(url);
  }

  /**
   * H2 writes committed changes to its file in the background; a process killed right after a
   * commit could lose it. Run-level records (a run started, a date claimed) are forced to disk at
   * once, so a crashed scheduler's successor sees them. PostgreSQL commits are durable already.
   */
  private void durable() {
    if (!embeddedH2) {
      return;
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("CHECKPOINT");
    } catch (SQLException e) {
      throw failure("write", e);
    }
  }

  @Override
  public synchronized void startRun(RunRecord run) {
    update(
        "INSERT INTO sluice_runs (run_id, pipeline, profile, status, started_at, ended_at, parameters, error,"
            + " owner) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        run.runId(),
        run.pipeline(),
        run.profile(),
        run.status().name(),
        ts(run.startedAt()),
        run.endedAt().map(JdbcRunStore::ts).orElse(null),
        run.parameters(),
        run.error().orElse(null),
        RunOwners.current());
    durable();
  }

  @Override
  public synchronized void finishRun(RunRecord run) {
    update(
        "UPDATE sluice_runs SET status = ?, ended_at = ?, error = ? WHERE run_id = ?",
        run.status().name(),
        run.endedAt().map(JdbcRunStore::ts).orElse(null),
        run.error().orElse(null),
        run.runId());
    durable();
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
        "INSERT INTO sluice_checks (run_id, step, check_name, on_fail, failed_rows, detail)"
            + " VALUES (?, ?, ?, ?, ?, ?)",
        check.runId(),
        check.step(),
        check.checkName(),
        check.onFail(),
        check.failedRows(),
        check.detail());
  }

  @Override
  public synchronized void appendLog(List<LogLine> lines) {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO sluice_log (run_id, step, seq, at, level, text) VALUES (?, ?, ?, ?, ?, ?)")) {
      for (LogLine line : lines) {
        insert.setString(1, line.runId());
        insert.setString(2, line.step());
        insert.setLong(3, line.seq());
        insert.setTimestamp(4, ts(line.at()));
        insert.setString(5, line.level());
        insert.setString(6, io.sluice.spi.Redaction.scrub(line.text()));
        insert.addBatch();
      }
      insert.executeBatch();
    } catch (SQLException e) {
      throw failure("write", e);
    }
  }

  @Override
  public synchronized List<LogLine> log(String runId, String step, int limit) {
    return RunRows.select(
        connection,
        RunRows.LOG + " WHERE run_id = ? AND step = ? ORDER BY seq",
        List.of(runId, step),
        limit,
        RunRows::logLine);
  }

  @Override
  public List<RunRecord> recentRuns(String pipeline, int limit) {
    RunFilter filter = RunFilter.newest(limit);
    return runs(pipeline == null ? filter : filter.withPipeline(pipeline));
  }

  @Override
  public synchronized List<RunRecord> runs(RunFilter filter) {
    List<String> where = new ArrayList<>();
    List<Object> values = new ArrayList<>();
    filter.pipeline().ifPresent(p -> condition(where, values, "pipeline = ?", p));
    filter.status().ifPresent(s -> condition(where, values, "status = ?", s.name()));
    filter.from().ifPresent(f -> condition(where, values, "started_at >= ?", Timestamp.from(f)));
    filter.to().ifPresent(t -> condition(where, values, "started_at < ?", Timestamp.from(t)));
    return selectRuns(
        (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
            + " ORDER BY started_at DESC, run_id DESC",
        values,
        filter.limit());
  }

  @Override
  public synchronized Optional<RunRecord> run(String runId) {
    return selectRuns(" WHERE run_id = ?", List.of(runId), 1).stream().findFirst();
  }

  private static void condition(List<String> where, List<Object> values, String sql, Object value) {
    where.add(sql);
    values.add(value);
  }

  private List<RunRecord> selectRuns(String tail, List<Object> values, int limit) {
    return RunRows.select(connection, RunRows.RUNS + tail, values, limit, RunRows::run);
  }

  @Override
  public synchronized List<StepRecord> steps(String runId) {
    return RunRows.select(
        connection,
        RunRows.STEPS + " WHERE run_id = ? ORDER BY started_at, step",
        List.of(runId),
        Integer.MAX_VALUE,
        RunRows::step);
  }

  @Override
  public synchronized List<CheckRecord> checks(String runId) {
    return RunRows.select(
        connection,
        RunRows.CHECKS + " WHERE run_id = ? ORDER BY step, check_name",
        List.of(runId),
        Integer.MAX_VALUE,
        RunRows::check);
  }

  @Override
  public synchronized java.util.Optional<DateRecord> date(String pipeline, String logicalDate) {
    return dateRecords("pipeline = ? AND logical_date = ?", pipeline, logicalDate).stream()
        .findFirst();
  }

  @Override
  public synchronized java.util.Optional<DateRecord> dateOfRun(String runId) {
    return dateRecords("run_id = ?", runId).stream().findFirst();
  }

  /** Every date record of {@code pipeline}, by logical date. */
  @Override
  public synchronized List<DateRecord> dates(String pipeline) {
    return dateRecords("pipeline = ?", pipeline);
  }

  /** The date records matching {@code where} (with {@code values} for its ?), by logical date. */
  private List<DateRecord> dateRecords(String where, Object... values) {
    return RunRows.select(
        connection,
        RunRows.DATES + " WHERE " + where + " ORDER BY logical_date",
        List.of(values),
        Integer.MAX_VALUE,
        RunRows::date);
  }

  /** A piece of work on the connection inside a transaction. */
  private interface Transaction {
    boolean run() throws SQLException;
  }

  /**
   * Runs {@code work} in one transaction and commits it; a unique-key violation (another process
   * inserted the same row first) rolls it back and answers false.
   */
  private boolean exclusively(String action, Transaction work) {
    try {
      connection.setAutoCommit(false);
      try {
        boolean done = work.run();
        connection.commit();
        return done;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        Throwable cause = e instanceof SQLException ? e : e.getCause();
        if (cause instanceof SQLException sql
            && sql.getSQLState() != null
            && sql.getSQLState().startsWith("23")) {
          return false;
        }
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failure(action, e);
    }
  }

  /**
   * Claims {@code logicalDate} of {@code pipeline} for {@code runId}: true when nobody ran it, or
   * its last run failed or was interrupted (or {@code again} asks to re-run a success); false while
   * another run holds it or it succeeded. One transaction, so two claimers never both win.
   */
  public synchronized boolean claimDate(
      String pipeline, String logicalDate, String runId, boolean again) {
    return claimDate(pipeline, logicalDate, runId, again, "cli");
  }

  /** As above, noting who claims it ({@code scheduler}, {@code backfill}). */
  @Override
  public synchronized boolean claimDate(
      String pipeline, String logicalDate, String runId, boolean again, String claimedBy) {
    boolean claimed =
        exclusively(
            "claim a date",
            () -> {
              java.util.Optional<DateRecord> existing = date(pipeline, logicalDate);
              if (existing.isEmpty()) {
                update(
                    "INSERT INTO sluice_dates (pipeline, logical_date, run_id, status,"
                        + " updated_at, claimed_by) VALUES (?, ?, ?, ?, ?, ?)",
                    pipeline,
                    logicalDate,
                    runId,
                    RunStatus.RUNNING.name(),
                    ts(Instant.now()),
                    claimedBy);
                return true;
              }
              RunStatus status = existing.get().status();
              if (status == RunStatus.RUNNING || (status == RunStatus.SUCCEEDED && !again)) {
                return false;
              }
              update(
                  "UPDATE sluice_dates SET run_id = ?, status = ?, updated_at = ?, claimed_by = ?"
                      + " WHERE pipeline = ? AND logical_date = ?",
                  runId,
                  RunStatus.RUNNING.name(),
                  ts(Instant.now()),
                  claimedBy,
                  pipeline,
                  logicalDate);
              return true;
            });
    durable();
    return claimed;
  }

  @Override
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
    durable();
  }

  /**
   * Marks the dates {@code claimedBy} left RUNNING, and their runs, INTERRUPTED: called by a
   * scheduler that just took the lock, when no other process of that kind can still be running
   * them. Returns the dates, to be run again.
   */
  @Override
  public synchronized List<DateRecord> interruptClaims(String claimedBy, String reason) {
    List<DateRecord> interrupted =
        dateRecords("status = ? AND claimed_by = ?", RunStatus.RUNNING.name(), claimedBy);
    for (DateRecord date : interrupted) {
      finishDate(date.pipeline(), date.logicalDate(), date.runId(), RunStatus.INTERRUPTED);
      update(
          "UPDATE sluice_runs SET status = ?, ended_at = ?, error = ? WHERE run_id = ? AND"
              + " status = ?",
          RunStatus.INTERRUPTED.name(),
          ts(Instant.now()),
          reason,
          date.runId(),
          RunStatus.RUNNING.name());
    }
    return interrupted;
  }

  /**
   * Takes or renews the scheduler lock {@code name} for {@code holder}: true when nobody holds it,
   * {@code holder} does, or the holder's heartbeat is older than {@code stale}.
   */
  @Override
  public synchronized boolean lock(String name, String holder, java.time.Duration stale) {
    return exclusively(
        "take the scheduler lock",
        () -> {
          String current = null;
          Instant beat = null;
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT holder, heartbeat FROM sluice_scheduler WHERE name = ? FOR UPDATE")) {
            statement.setString(1, name);
            try (ResultSet result = statement.executeQuery()) {
              if (result.next()) {
                current = result.getString(1);
                beat = result.getTimestamp(2).toInstant();
              }
            }
          }
          if (current == null) {
            update(
                "INSERT INTO sluice_scheduler (name, holder, heartbeat) VALUES (?, ?, ?)",
                name,
                holder,
                ts(Instant.now()));
            return true;
          }
          if (current.equals(holder) || beat.plus(stale).isBefore(Instant.now())) {
            update(
                "UPDATE sluice_scheduler SET holder = ?, heartbeat = ? WHERE name = ?",
                holder,
                ts(Instant.now()),
                name);
            return true;
          }
          return false;
        });
  }

  @Override
  public synchronized java.util.Optional<String> lockHolder(String name) {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT holder, heartbeat FROM sluice_scheduler WHERE name = ?")) {
      statement.setString(1, name);
      try (ResultSet result = statement.executeQuery()) {
        return result.next()
            ? java.util.Optional.of(
                result.getString(1) + " (heartbeat " + result.getTimestamp(2).toInstant() + ")")
            : java.util.Optional.empty();
      }
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  @Override
  public synchronized void unlock(String name, String holder) {
    update("DELETE FROM sluice_scheduler WHERE name = ? AND holder = ?", name, holder);
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
        // no secret is stored: parameters, errors and log lines are scrubbed on the way in
        statement.setObject(
            i + 1,
            values[i] instanceof String text ? io.sluice.spi.Redaction.scrub(text) : values[i]);
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
