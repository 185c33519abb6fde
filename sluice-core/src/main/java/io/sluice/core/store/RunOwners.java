package io.sluice.core.store;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which process runs a run ({@code host:pid:start}, in {@code sluice_runs.owner}), and the sweep
 * that marks INTERRUPTED the runs left RUNNING by a process of this host that is gone (kill -9, a
 * crash, a power cut): the run, and its steps still running. A process is gone when no process has
 * its pid, or the one that has it started at another time (the pid was reused). Runs of other hosts
 * are left as they are: this host cannot see their processes.
 */
final class RunOwners {
  private static final String HOST = host();

  private RunOwners() {}

  /** This process: {@code host:pid:startMillis}. */
  static String current() {
    ProcessHandle self = ProcessHandle.current();
    return HOST
        + ":"
        + self.pid()
        + ":"
        + self.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
  }

  /** Marks the runs of dead processes of this host INTERRUPTED; returns their ids. */
  static List<String> sweep(Connection connection) throws SQLException {
    List<String> dead = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT run_id, owner FROM sluice_runs WHERE status = ? AND owner LIKE ?")) {
      select.setString(1, RunStatus.RUNNING.name());
      select.setString(2, HOST.replace("%", "\\%").replace("_", "\\_") + ":%");
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          if (!alive(rows.getString(2))) {
            dead.add(rows.getString(1) + "\u0000" + rows.getString(2));
          }
        }
      }
    }
    Timestamp now = Timestamp.from(Instant.now());
    List<String> ids = new ArrayList<>();
    for (String entry : dead) {
      String runId = entry.substring(0, entry.indexOf('\u0000'));
      String[] owner = entry.substring(entry.indexOf('\u0000') + 1).split(":");
      ids.add(runId);
      try (PreparedStatement run =
              connection.prepareStatement(
                  "UPDATE sluice_runs SET status = ?, ended_at = ?, error = ? WHERE run_id = ?"
                      + " AND status = ?");
          PreparedStatement steps =
              connection.prepareStatement(
                  "UPDATE sluice_steps SET status = ?, ended_at = ?, error = ? WHERE run_id = ?"
                      + " AND status = ?")) {
        String reason =
            "Run interrupted: its process (pid "
                + owner[owner.length - 2]
                + " on "
                + HOST
                + ") ended without finishing it (killed or crashed); run it again";
        for (PreparedStatement update : List.of(run, steps)) {
          update.setString(1, RunStatus.INTERRUPTED.name());
          update.setTimestamp(2, now);
          update.setString(3, reason);
          update.setString(4, runId);
          update.setString(5, RunStatus.RUNNING.name());
          update.executeUpdate();
        }
      }
    }
    return ids;
  }

  /** Whether the process {@code owner} names still runs. */
  static boolean alive(String owner) {
    String[] parts = owner.split(":");
    if (parts.length < 3) {
      return true; // not ours to judge
    }
    long pid;
    long started;
    try {
      pid = Long.parseLong(parts[parts.length - 2]);
      started = Long.parseLong(parts[parts.length - 1]);
    } catch (NumberFormatException e) {
      return true;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty() || !process.get().isAlive()) {
      return false;
    }
    Optional<Instant> start = process.get().info().startInstant();
    return started == 0 || start.isEmpty() || start.get().toEpochMilli() == started;
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
