package io.sluice.core.store;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The run store's reads: one way to run a query, and one mapping per table from a row to a record.
 */
final class RunRows {
  static final String RUNS =
      "SELECT run_id, pipeline, profile, status, started_at, ended_at, parameters, error FROM sluice_runs";
  static final String STEPS =
      "SELECT run_id, step, kind, status, started_at, ended_at, rows_in, rows_out, quarantined,"
          + " dropped, warned, error FROM sluice_steps";
  static final String CHECKS =
      "SELECT run_id, step, check_name, on_fail, failed_rows, detail FROM sluice_checks";
  static final String LOG = "SELECT run_id, step, seq, at, level, text FROM sluice_log";
  static final String DATES =
      "SELECT pipeline, logical_date, run_id, status, updated_at FROM sluice_dates";

  /** Turns the current row into a record. */
  @FunctionalInterface
  interface Mapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  private RunRows() {}

  /** Runs {@code sql} with {@code values} for its ?s and maps at most {@code limit} rows. */
  static <T> List<T> select(
      Connection connection, String sql, List<?> values, int limit, Mapper<T> mapper) {
    List<T> records = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setMaxRows(limit);
      for (int i = 0; i < values.size(); i++) {
        statement.setObject(i + 1, values.get(i));
      }
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          records.add(mapper.map(rows));
        }
      }
    } catch (SQLException e) {
      throw new SluiceException(
          ErrorCode.RUN_FAILED, "Cannot read the run store: " + e.getMessage(), e);
    }
    return records;
  }

  static LogLine logLine(ResultSet row) throws SQLException {
    return new LogLine(
        row.getString(1),
        row.getString(2),
        row.getLong(3),
        row.getTimestamp(4).toInstant(),
        row.getString(5),
        row.getString(6));
  }

  static RunRecord run(ResultSet row) throws SQLException {
    return new RunRecord(
        row.getString(1),
        row.getString(2),
        row.getString(3),
        RunStatus.valueOf(row.getString(4)),
        row.getTimestamp(5).toInstant(),
        Optional.ofNullable(row.getTimestamp(6)).map(Timestamp::toInstant),
        Optional.ofNullable(row.getString(7)).orElse(""),
        Optional.ofNullable(row.getString(8)));
  }

  static StepRecord step(ResultSet row) throws SQLException {
    return new StepRecord(
        row.getString(1),
        row.getString(2),
        row.getString(3),
        RunStatus.valueOf(row.getString(4)),
        row.getTimestamp(5).toInstant(),
        Optional.ofNullable(row.getTimestamp(6)).map(Timestamp::toInstant),
        row.getLong(7),
        row.getLong(8),
        row.getLong(9),
        row.getLong(10),
        row.getLong(11),
        Optional.ofNullable(row.getString(12)));
  }

  static CheckRecord check(ResultSet row) throws SQLException {
    return new CheckRecord(
        row.getString(1),
        row.getString(2),
        row.getString(3),
        row.getString(4),
        row.getLong(5),
        Optional.ofNullable(row.getString(6)).orElse(""));
  }

  static DateRecord date(ResultSet row) throws SQLException {
    return new DateRecord(
        row.getString(1),
        row.getString(2),
        row.getString(3),
        RunStatus.valueOf(row.getString(4)),
        row.getTimestamp(5).toInstant());
  }
}
