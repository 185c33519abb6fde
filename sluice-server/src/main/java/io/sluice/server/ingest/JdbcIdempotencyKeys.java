package io.sluice.server.ingest;

import io.sluice.core.store.JdbcRunStore;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;

/**
 * {@link IdempotencyKeys} in the run store's database (table {@code sluice_idempotency}), so that
 * keys outlive the process and every {@code sluice serve} of the same store sees the same ones. A
 * key is claimed by inserting its row (the primary key decides between two servers claiming it at
 * once); a row holds nothing in memory here. An answer is on disk before the client gets it (an H2
 * store is checkpointed; PostgreSQL commits are durable), so a retry after a crash is replayed, not
 * written twice. Expired rows are deleted once a minute.
 */
final class JdbcIdempotencyKeys implements IdempotencyKeys {
  static final String TABLE = "sluice_idempotency";

  private static final String SCHEMA =
      "CREATE TABLE IF NOT EXISTS "
          + TABLE
          + " (stream VARCHAR(200) NOT NULL, idem_key VARCHAR(300) NOT NULL,"
          + " fingerprint VARCHAR(64) NOT NULL, status INT, answer VARCHAR(100000),"
          + " expires_at BIGINT NOT NULL, PRIMARY KEY (stream, idem_key))";
  private static final String INDEX =
      "CREATE INDEX IF NOT EXISTS sluice_idempotency_expiry ON " + TABLE + " (expires_at)";
  private static final long PURGE_EVERY_MILLIS = 60_000;

  private final Connection connection;
  private final boolean embeddedH2;
  private final Duration claimLease;
  private final Clock clock;
  private long nextPurge;

  private JdbcIdempotencyKeys(
      Connection connection, boolean embeddedH2, Duration claimLease, Clock clock) {
    this.connection = connection;
    this.embeddedH2 = embeddedH2;
    this.claimLease = claimLease;
    this.clock = clock;
  }

  static JdbcIdempotencyKeys open(String runStoreUrl, Duration claimLease, Clock clock) {
    Connection connection = JdbcRunStore.connect(runStoreUrl);
    try (Statement statement = connection.createStatement()) {
      statement.execute(SCHEMA);
      statement.execute(INDEX);
    } catch (SQLException e) {
      throw failure("create the idempotency key table in", e);
    }
    return new JdbcIdempotencyKeys(
        connection, JdbcRunStore.embeddedH2(runStoreUrl), claimLease, clock);
  }

  @Override
  public synchronized Lookup begin(String stream, String key, String fingerprint) {
    long now = clock.millis();
    purge(now);
    try {
      // A row may vanish (purged, freed) or expire between the statements: look again then.
      for (int attempt = 0; attempt < 5; attempt++) {
        if (insert(stream, key, fingerprint, now)) {
          return new Fresh();
        }
        try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT fingerprint, status, answer, expires_at FROM "
                    + TABLE
                    + " WHERE stream = ? AND idem_key = ?")) {
          select.setString(1, stream);
          select.setString(2, key);
          try (ResultSet row = select.executeQuery()) {
            if (!row.next()) {
              continue;
            }
            long expiresAt = row.getLong(4);
            if (expiresAt <= now) {
              if (reclaim(stream, key, fingerprint, expiresAt, now)) {
                return new Fresh();
              }
              continue;
            }
            if (!row.getString(1).equals(fingerprint)) {
              return new Reused();
            }
            int status = row.getInt(2);
            return row.wasNull()
                ? new Running()
                : new Answered(new Answer(status, row.getString(3)));
          }
        }
      }
      throw new SQLException("the key changed hands five times while it was looked up");
    } catch (SQLException e) {
      throw failure("look up an idempotency key in", e);
    }
  }

  private boolean insert(String stream, String key, String fingerprint, long now)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO "
                + TABLE
                + " (stream, idem_key, fingerprint, status, answer, expires_at)"
                + " VALUES (?, ?, ?, NULL, NULL, ?)")) {
      insert.setString(1, stream);
      insert.setString(2, key);
      insert.setString(3, fingerprint);
      insert.setLong(4, now + claimLease.toMillis());
      insert.executeUpdate();
      return true;
    } catch (SQLException e) {
      if ("23505".equals(e.getSQLState())) {
        return false; // the key has a row: another request, another server, or an old one
      }
      throw e;
    }
  }

  /** Takes an expired row over; false when another server did it first. */
  private boolean reclaim(String stream, String key, String fingerprint, long expiredAt, long now)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE "
                + TABLE
                + " SET fingerprint = ?, status = NULL, answer = NULL, expires_at = ?"
                + " WHERE stream = ? AND idem_key = ? AND expires_at = ?")) {
      update.setString(1, fingerprint);
      update.setLong(2, now + claimLease.toMillis());
      update.setString(3, stream);
      update.setString(4, key);
      update.setLong(5, expiredAt);
      return update.executeUpdate() == 1;
    }
  }

  @Override
  public synchronized void succeeded(
      String stream, String key, String fingerprint, Answer answer, Duration window) {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE "
                + TABLE
                + " SET status = ?, answer = ?, expires_at = ?"
                + " WHERE stream = ? AND idem_key = ? AND fingerprint = ?")) {
      update.setInt(1, answer.status());
      update.setString(2, answer.body());
      update.setLong(3, clock.millis() + window.toMillis());
      update.setString(4, stream);
      update.setString(5, key);
      update.setString(6, fingerprint);
      update.executeUpdate();
      if (embeddedH2) {
        try (Statement checkpoint = connection.createStatement()) {
          checkpoint.execute("CHECKPOINT");
        }
      }
    } catch (SQLException e) {
      throw failure("record an idempotency key's answer in", e);
    }
  }

  @Override
  public synchronized void failed(String stream, String key) {
    try (PreparedStatement delete =
        connection.prepareStatement(
            "DELETE FROM " + TABLE + " WHERE stream = ? AND idem_key = ? AND status IS NULL")) {
      delete.setString(1, stream);
      delete.setString(2, key);
      delete.executeUpdate();
    } catch (SQLException e) {
      throw failure("free an idempotency key in", e);
    }
  }

  /** Rows kept now (answered or claimed, expired or not). */
  synchronized long size() {
    try (Statement statement = connection.createStatement();
        ResultSet count = statement.executeQuery("SELECT count(*) FROM " + TABLE)) {
      count.next();
      return count.getLong(1);
    } catch (SQLException e) {
      throw failure("count idempotency keys in", e);
    }
  }

  private void purge(long now) throws SluiceException {
    if (now < nextPurge) {
      return;
    }
    nextPurge = now + PURGE_EVERY_MILLIS;
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM " + TABLE + " WHERE expires_at <= ?")) {
      delete.setLong(1, now);
      delete.executeUpdate();
    } catch (SQLException e) {
      throw failure("delete expired idempotency keys in", e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw failure("close", e);
    }
  }

  private static SluiceException failure(String what, SQLException e) {
    return new SluiceException(
        ErrorCode.RUN_FAILED, "Cannot " + what + " the run store: " + e.getMessage(), e);
  }
}
